"""Build the assessment and write it in every format asked for: the one library call
behind ``saferplaces assess``.

>>> FORMATS
('html', 'pdf', 'docx', 'xlsx')
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from saferplaces.assessment.builder import AssessmentError, build_assessment
from saferplaces.assessment.model import Document
from saferplaces.assessment.spec import load_spec
from saferplaces.core.periods import Period
from saferplaces.disclosure import Edition
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse

FORMATS = ("html", "pdf", "docx", "xlsx")
BASENAME = "assessment"


@dataclass
class Produced:
    document: Document
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise AssessmentError(
            f"format {', '.join(unknown) or text!r} is not known; choose from {', '.join(FORMATS)}"
        )
    return wanted


def render_document(
    doc: Document, out_dir: Path, formats: tuple[str, ...] = FORMATS, basename: str = BASENAME
) -> Produced:
    """Write ``doc`` into ``out_dir`` (figures/, csv/ and one file per format).

    Everything is written to a temporary folder first and moved into place at the end,
    so a failure leaves no half-written document behind."""
    import time

    from saferplaces.render.charts import render_figures
    from saferplaces.render.docx import write_docx
    from saferplaces.render.html import write_html
    from saferplaces.render.pdf import write_pdf
    from saferplaces.render.sheets import write_csvs, write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    produced = Produced(doc, out_dir)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".writing-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        figures = render_figures(doc, work / "figures") if set(formats) - {"xlsx"} else {}
        produced.timings["figures"] = time.perf_counter() - t
        writers = {
            "html": lambda p: write_html(doc, p, figures),
            "pdf": lambda p: write_pdf(doc, p, figures),
            "docx": lambda p: write_docx(doc, p, figures),
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


def produce(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None,
    out_dir: Path,
    *,
    spec_path: Path | None = None,
    narrative_dir: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    edition: Edition = Edition.PUBLIC,
    created: date | None = None,
) -> Produced:
    """Build the assessment of ``area`` and write it into ``out_dir``."""
    import time

    t = time.perf_counter()
    doc = build_assessment(
        wh,
        area,
        period,
        baseline,
        spec=load_spec(spec_path),
        narrative_dir=narrative_dir,
        edition=edition,
        created=created,
    )
    built = time.perf_counter() - t
    produced = render_document(doc, out_dir, formats)
    produced.timings = {"build": built, **produced.timings}
    return produced
