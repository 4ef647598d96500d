"""The analyst's narrative: Markdown per section id, quoting computed values.

One file per section: ``introduction.md``, ``asb.issues.md``, ``asb.interventions.md``
... in the narrative folder. A value is quoted as ``{{ name }}``, for example
``{{ asb.count }}``, ``{{ asb.change_pct }}`` or ``{{ figure.asb-trend }}``; the names
are listed in ``docs/assessment.md`` and resolved by :mod:`saferplaces.assessment.values`.
An unknown name fails the build with the file and line.

Sections the analyst has not written fall back to the built-in text in
``narrative_defaults/`` (true for any district, e.g. the introduction and the methods),
or to a draft placeholder the renderers mark as a draft.

>>> blocks = parse_markdown("Crime **fell**.\\n\\n- one\\n- two")
>>> [type(b).__name__ for b in blocks]
['Paragraph', 'ListBlock']
>>> substitute("Up {{ x.y }}.", lambda n: "3", "f.md")
'Up 3.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from markdown_it import MarkdownIt

from saferplaces.core.errors import SaferplacesError
from saferplaces.document.model import ListBlock, NarrativeBlock, Paragraph, Run, Subheading

VALUE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAME = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")


class NarrativeError(SaferplacesError):
    """A narrative file that cannot be used: names the file and line."""


class UnknownValue(KeyError):
    """Raised by a resolver for a name it does not know; the message says why."""


def substitute(text: str, resolve: Callable[[str], str], origin: str, first_line: int = 1) -> str:
    """Replace every ``{{ name }}`` with ``resolve(name)``; fail on an unknown name.
    ``first_line`` is the line of the text's first line in its file (for errors)."""
    out = []
    for n, line in enumerate(text.splitlines(keepends=True), start=max(first_line, 1)):

        def value(m: re.Match[str], n: int = n) -> str:
            name = m.group(1)
            if not NAME.match(name):
                raise NarrativeError(
                    f"{origin}, line {n}: {m.group(0)} is not a value name; names look like "
                    "{{ asb.count }} or {{ area.name }}"
                )
            try:
                return resolve(name)
            except UnknownValue as e:
                raise NarrativeError(
                    f"{origin}, line {n}: unknown value {{{{ {name} }}}}: {e.args[0]}"
                ) from None

        out.append(VALUE.sub(value, line))
    return "".join(out)


_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")


def _runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    href: str | None = None
    for t in children or []:
        if t.type == "strong_open":
            bold = True
        elif t.type == "strong_close":
            bold = False
        elif t.type == "em_open":
            italic = True
        elif t.type == "em_close":
            italic = False
        elif t.type == "link_open":
            href = str(t.attrGet("href") or "")
        elif t.type == "link_close":
            href = None
        elif t.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold, italic, href))
        elif t.type == "code_inline":
            runs.append(Run(t.content, bold, italic, href, code=True))
        elif t.type == "text" and t.content:
            runs.append(Run(t.content, bold, italic, href))
    # Merge neighbours with the same style, so renderers emit fewer spans.
    merged: list[Run] = []
    for r in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href, last.code) == (
            r.bold,
            r.italic,
            r.href,
            r.code,
        ):
            last.text += r.text
        else:
            merged.append(r)
    return merged


def parse_markdown(text: str) -> list[NarrativeBlock]:
    """Markdown to narrative blocks: paragraphs, bullet and numbered lists, subheadings.

    Raw HTML and images are not allowed (they would bypass accessibility checks); the
    text shows as written instead."""
    tokens = _MD.parse(text)
    blocks: list[NarrativeBlock] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            depth = max(1, int(t.tag[1]) - 1)  # "## x" is one level below the section
            blocks.append(Subheading("".join(r.text for r in _runs(tokens[i + 1].children)), depth))
            i += 3
        elif t.type == "paragraph_open" and t.level == 0:
            blocks.append(Paragraph(_runs(tokens[i + 1].children)))
            i += 3
        elif t.type in ("bullet_list_open", "ordered_list_open") and t.level == 0:
            ordered = t.type == "ordered_list_open"
            close = t.type.replace("_open", "_close")
            items: list[list[Run]] = []
            j = i + 1
            while not (tokens[j].type == close and tokens[j].level == 0):
                if tokens[j].type == "inline":
                    if tokens[j].level == 3 or not items:
                        items.append(_runs(tokens[j].children))
                    else:  # a nested list or second paragraph joins its item
                        items[-1] = [*items[-1], Run(" "), *_runs(tokens[j].children)]
                j += 1
            blocks.append(ListBlock(items, ordered))
            i = j + 1
        elif t.type in ("fence", "code_block") and t.level == 0:
            blocks.append(Paragraph([Run(t.content.rstrip("\n"), code=True)]))
            i += 1
        elif t.type == "blockquote_open":
            j = i + 1
            while tokens[j].type != "blockquote_close":
                if tokens[j].type == "inline":
                    blocks.append(Paragraph(_runs(tokens[j].children)))
                j += 1
            i = j + 1
        else:
            i += 1
    # However deep the analyst's headings start, the shallowest is one level below the
    # section, and each deeper one a level further, so headings never skip a level.
    levels = sorted({b.depth for b in blocks if isinstance(b, Subheading)})
    for b in blocks:
        if isinstance(b, Subheading):
            b.depth = levels.index(b.depth) + 1
    return blocks


DEFAULTS = "narrative_defaults"


class NarrativeSource:
    """Where each section's Markdown comes from: the analyst's folder, then the defaults.

    >>> NarrativeSource(None).get("introduction")[1]
    'built-in introduction.md'
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is not None and not folder.is_dir():
            raise NarrativeError(f"{folder}: the narrative folder does not exist")

    def analyst_files(self) -> dict[str, Path]:
        """{section id: file} for every ``*.md`` in the analyst's folder."""
        if self.folder is None:
            return {}
        return {p.name[: -len(".md")]: p for p in sorted(self.folder.glob("*.md"))}

    def get(self, section_id: str) -> tuple[str, str, bool] | None:
        """(text, origin, from the analyst) for ``section_id``, or None."""
        mine = self.analyst_files().get(section_id)
        if mine is not None:
            try:
                return mine.read_text(encoding="utf-8"), str(mine), True
            except UnicodeDecodeError as e:
                raise NarrativeError(f"{mine}: not UTF-8 text ({e.reason})") from None
        default = (
            resources.files("saferplaces.assessment")
            .joinpath(DEFAULTS)
            .joinpath(f"{section_id}.md")
        )
        if default.is_file():
            return default.read_text(encoding="utf-8"), f"built-in {section_id}.md", False
        return None

    def check_known(self, known_ids: set[str]) -> None:
        """Fail on an analyst file that matches no section (a misspelt name loses text)."""
        for sid, path in self.analyst_files().items():
            if sid not in known_ids:
                close = sorted(k for k in known_ids if k.split(".")[0] == sid.split(".")[0])
                hint = f" (sections of that chapter: {', '.join(close)})" if close else ""
                raise NarrativeError(
                    f"{path}: no section has the id {sid!r}{hint}; name each file after a "
                    "section id from the spec, e.g. introduction.md or asb.issues.md"
                )
