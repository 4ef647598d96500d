"""Write a document in every format asked for: the one call every document goes through.

:func:`render_document` writes files into a folder (the CLI, the assessment);
:func:`render_bytes` gives one format in memory, self-contained (a web download). Both
clean the tree's text of control characters first
(:func:`saferplaces.document.safe_text.clean_tree`): the edge where text reaches XML.

>>> FORMATS
('html', 'pdf', 'docx', 'xlsx')
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from saferplaces.document.model import Document
from saferplaces.document.safe_text import clean_tree

FORMATS = ("html", "pdf", "docx", "xlsx")
# How a download link names each format, in the order pages offer them.
FORMAT_LABELS = [
    ("pdf", "PDF"),
    ("docx", "Word"),
    ("html", "Web page"),
    ("xlsx", "Spreadsheet"),
]
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Produced:
    document: Document
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def render_document(
    doc: Document, out_dir: Path, formats: tuple[str, ...] = FORMATS, basename: str = "document"
) -> Produced:
    """Write ``doc`` into ``out_dir`` (figures/, csv/ and one file per format).

    Everything is written to a temporary folder first and moved into place at the end,
    so a failure leaves no half-written document behind."""
    from saferplaces.render.charts import render_figures
    from saferplaces.render.docx import write_docx
    from saferplaces.render.html import write_html
    from saferplaces.render.pdf import write_pdf
    from saferplaces.render.sheets import write_csvs, write_xlsx

    clean_tree(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    produced = Produced(doc, out_dir)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".writing-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        printed = doc.printed()  # the spreadsheet holds spreadsheet-only chapters too
        figures = render_figures(printed, work / "figures") if set(formats) - {"xlsx"} else {}
        produced.timings["figures"] = time.perf_counter() - t
        writers = {
            "html": lambda p: write_html(printed, p, figures),
            "pdf": lambda p: write_pdf(printed, p, figures),
            "docx": lambda p: write_docx(printed, p, figures),
            "xlsx": lambda p: write_xlsx(doc, p),
        }
        names = []
        for fmt in formats:
            t = time.perf_counter()
            writers[fmt](work / f"{basename}.{fmt}")
            produced.timings[fmt] = time.perf_counter() - t
            names.append(f"{basename}.{fmt}")
        if "xlsx" in formats:
            write_csvs(doc, work / "csv")
            names.append("csv")
        if doc.marking:
            # Files travel alone: each CSV and figure image says it is restricted.
            mark_files(doc.marking, work / "csv", work / "figures")
        if figures and ({"html", "pdf", "docx"} & set(formats)):
            names.append("figures")
        for name in names:
            target = out_dir / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            shutil.move(str(work / name), target)
            produced.files.append(target)
    return produced


def render_bytes(doc: Document, fmt: str) -> bytes:
    """``doc`` as one file in memory: HTML with its figures inside it, a tagged PDF, a
    Word file or a workbook."""
    from saferplaces.render.charts import render_figures
    from saferplaces.render.docx import write_docx
    from saferplaces.render.html import data_uris, render_html
    from saferplaces.render.pdf import write_pdf
    from saferplaces.render.sheets import write_xlsx

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    clean_tree(doc)
    full, doc = doc, doc.printed()
    with tempfile.TemporaryDirectory(prefix="saferplaces-doc-") as tmp:
        work = Path(tmp)
        figures = render_figures(doc, work / "figures") if fmt != "xlsx" else {}
        if fmt == "html":
            return render_html(doc, data_uris(figures)).encode("utf-8")
        path = work / f"document.{fmt}"
        if fmt == "pdf":
            write_pdf(doc, path, figures)
        elif fmt == "docx":
            write_docx(doc, path, figures)
        else:
            write_xlsx(full, path)
        return path.read_bytes()


def mark_files(marking: str, csv_dir: Path, figures_dir: Path) -> None:
    """Put ``marking`` on the first line of every CSV and on a band across the top of
    every figure image (written after the documents, which carry it on every page)."""
    line = f"{marking}: not for publication; small counts are shown in full."
    for f in sorted(csv_dir.glob("*.csv")) if csv_dir.is_dir() else []:
        text = f.read_text(encoding="utf-8")
        f.write_text(f'"{line}"\r\n{text}', encoding="utf-8")
    for f in sorted(figures_dir.glob("*.png")) if figures_dir.is_dir() else []:
        _stamp(f, marking)


def _stamp(path: Path, marking: str) -> None:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.open(path).convert("RGB")
    band = max(28, img.height // 18)
    out = Image.new("RGB", (img.width, img.height + band), "white")
    out.paste(img, (0, band))
    draw = ImageDraw.Draw(out)
    draw.rectangle([0, 0, img.width, band], fill=(160, 0, 0))
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", int(band * 0.6))
    except OSError:
        font = ImageFont.load_default()
    draw.text((img.width // 2, band // 2), marking, fill="white", font=font, anchor="mm")
    out.save(path, dpi=img.info.get("dpi", (150, 150)))
