"""Reading a page's HTML tables back in tests, with the standard library: a table by its
caption, as rows of cell texts (header cells included)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"caption": "", "rows": []})
        elif not self._stack:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if not self._stack:
            return
        if tag == "table":
            self.tables.append(self._stack.pop())
        elif tag == "caption" and self._caption is not None:
            self._stack[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._stack[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def html_table(page: str, caption: str) -> list[list[str]]:
    """The rows of the first table whose caption contains ``caption``."""
    p = _Tables()
    p.feed(page)
    for t in p.tables:
        if caption in t["caption"]:
            return t["rows"]
    raise KeyError(f"no table captioned {caption!r}: {[t['caption'] for t in p.tables]}")


def rows_by_name(page: str, caption: str) -> dict[str, list[str]]:
    """{first cell: the other cells} of each body row of that table."""
    rows = html_table(page, caption)
    return {r[0]: r[1:] for r in rows[1:] if r}
