"""The document as one accessible HTML page (Jinja2), and the print HTML for the PDF.

One ``h1`` (the title), then a heading per section in order (chapters ``h2``, parts
``h3`` ...), a skip link, tables with captions and scoped headers, and every figure
with its text alternative and, on screen, its data table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from saferplaces.assessment.model import Document, Section


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
    return "s-" + section.id.replace(".", "-")


@dataclass
class RenderContext:
    doc: Document
    images: dict[str, str]  # figure id -> src (relative path or data: URI)
    print: bool = False
    contents_depth: int = 2

    @staticmethod
    def anchor(section: Section) -> str:
        return anchor(section)


def render_html(doc: Document, images: dict[str, str], *, print_version: bool = False) -> str:
    """The document as an HTML string. ``images`` maps figure ids to image sources."""
    env = _env()
    css = _css("document.css")
    if print_version:
        css += "\n" + _css("print.css")
        if doc.marking:
            css += "\n" + env.get_template("marking.css.j2").render(marking=doc.marking)
    ctx = RenderContext(doc, images, print_version)
    return env.get_template("document.html.j2").render(doc=doc, ctx=ctx, css=css)


def write_html(doc: Document, path: Path, figure_paths: dict[str, Path]) -> Path:
    """Write ``assessment.html`` with figures linked relative to it."""
    images = {k: Path(v).relative_to(path.parent).as_posix() for k, v in figure_paths.items()}
    path.write_text(render_html(doc, images), encoding="utf-8")
    return path
