"""The document as a tagged PDF (WeasyPrint's PDF/UA-1 variant), title and language set.

The print HTML is the screen HTML with paged-media CSS: a cover, contents with page
numbers, page numbers in the footer, and the protective marking (RESTRICTED) at the top
and bottom of every page of a restricted edition.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from saferplaces.document.model import Document
from saferplaces.render.html import render_html


def write_pdf(doc: Document, path: Path, figure_paths: dict[str, Path]) -> Path:
    images = {k: Path(v).resolve().as_uri() for k, v in figure_paths.items()}
    html = render_html(doc, images, print_version=True)
    HTML(string=html, base_url=str(path.parent)).write_pdf(
        path,
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
    )
    return path
