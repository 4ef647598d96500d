"""The document as one accessible HTML page (Jinja2), and the print HTML for the PDF.

One ``h1`` (the title), then a heading per section in order (chapters ``h2``, parts
``h3`` ...), a skip link, tables with captions and scoped headers, and every figure
with its text alternative and, on screen, its data table.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from saferplaces.document.model import Document, Section, Table
from saferplaces.document.model import anchor as section_anchor


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("saferplaces.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _css(name: str) -> str:
    return (
        resources.files("saferplaces.render")
        .joinpath("templates")
        .joinpath(name)
        .read_text("utf-8")
    )


def anchor(section: Section) -> str:
    """The HTML id of a section's heading."""
    return section_anchor(section.id)


@dataclass
class RenderContext:
    doc: Document
    images: dict[str, str]  # figure id -> src (relative path or data: URI)
    print: bool = False
    contents_depth: int = 2

    @staticmethod
    def anchor(section: Section) -> str:
        return anchor(section)

    def widths(self, table: Table) -> list[str] | None:
        """Column widths (percent) for the print version, which lays tables out fixed;
        None to leave a table to the automatic layout.

        WeasyPrint's automatic table layout measures every cell's preferred width first,
        a large part of the time a long document takes. Widths from the text lengths cost
        nothing: number columns get the width of their longest value (they never wrap),
        text columns share the rest by their length but never narrower than their
        longest word. A table that cannot fit that way is left to the automatic layout."""
        if not self.print or not table.columns:
            return None

        def longest_word(text: str) -> float:
            return max((len(w) for w in text.split()), default=0)

        need: list[float] = []
        want: list[float] = []
        for j, c in enumerate(table.columns):
            texts = [row[j].text for row in table.rows]
            header = longest_word(c.header) * BOLD
            if c.numeric:
                # Figures are wider than the average letter.
                need.append(max([header, *(len(t) * DIGIT for t in texts)]) + PAD)
                want.append(0.0)
            else:
                words = max([header, *(longest_word(t) for t in texts)])
                need.append(words + PAD)
                want.append(max([header, *(len(t) for t in texts)]) + PAD)
        fixed = sum(n for n, c in zip(need, table.columns, strict=True) if c.numeric)
        text = [j for j, c in enumerate(table.columns) if not c.numeric]
        room = LINE_CHARS - fixed - sum(need[j] for j in text)
        if room < 0:
            return None
        # Text columns: their least width, plus a share of the room by what they want.
        extra = sum(max(0.0, want[j] - need[j]) for j in text)
        widths = list(need)
        for j in text:
            if extra:
                widths[j] += min(max(0.0, want[j] - need[j]), room * (want[j] - need[j]) / extra)
        total = sum(widths)
        return [f"{100 * w / total:.2f}%" for w in widths]


# Print tables (8.5pt Arial on A4 with 18mm margins): about this many average
# letters fit across the page (with room to spare); bold text and figures are wider;
# padding per cell.
LINE_CHARS = 100
BOLD = 1.15
DIGIT = 1.15
PAD = 2.5


def render_html(doc: Document, images: dict[str, str], *, print_version: bool = False) -> str:
    """The document as an HTML string. ``images`` maps figure ids to image sources."""
    env = _env()
    css = _css("document.css")
    if print_version:
        css += "\n" + _css("print.css")
        if doc.landscape:
            css += "\n@page { size: A4 landscape; }"
        if doc.marking:
            css += "\n" + env.get_template("marking.css.j2").render(marking=doc.marking)
    ctx = RenderContext(doc, images, print_version)
    return env.get_template("document.html.j2").render(doc=doc, ctx=ctx, css=css)


def data_uris(figure_paths: dict[str, Path]) -> dict[str, str]:
    """Figures as ``data:`` URIs, for an HTML file that travels alone (a download)."""
    return {
        k: "data:image/png;base64," + base64.b64encode(Path(v).read_bytes()).decode("ascii")
        for k, v in figure_paths.items()
    }


def write_html(doc: Document, path: Path, figure_paths: dict[str, Path]) -> Path:
    """Write the HTML file with figures linked relative to it."""
    images = {k: Path(v).relative_to(path.parent).as_posix() for k, v in figure_paths.items()}
    path.write_text(render_html(doc, images), encoding="utf-8")
    return path
