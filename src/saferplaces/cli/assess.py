"""``saferplaces assess``: the strategic assessment in HTML, PDF, Word and spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from saferplaces.cli.context import area_and_periods, open_warehouse
from saferplaces.cli.options import AreaOption, BaselineOption, PeriodOption, WarehouseOption
from saferplaces.cli.output import console, err_console
from saferplaces.cli.phrasing import cli_text
from saferplaces.places import store

OutOption = Annotated[Path, typer.Option("--out", help="Folder to write the documents into.")]
SpecOption = Annotated[
    Path | None,
    typer.Option("--spec", help="Assessment spec, YAML (default: the built-in district spec)."),
]
NarrativeOption = Annotated[
    Path | None,
    typer.Option("--narrative", help="Folder of the analyst's Markdown, one file per section id."),
]
FormatsOption = Annotated[
    str, typer.Option("--formats", help="Comma-separated: html,pdf,docx,xlsx.")
]
PartnershipOption = Annotated[
    str,
    typer.Option(
        "--partnership",
        envvar="SAFERPLACES_PARTNERSHIP",
        help="Whose place flags the Places chapter shows: a partnership's short name (as "
        "given to `flags run`); or set SAFERPLACES_PARTNERSHIP. Without it, the command "
        "line's own.",
        show_default=False,
    ),
]
EditionOption = Annotated[
    str,
    typer.Option(
        "--edition",
        help="public (small numbers suppressed) or restricted (all numbers, marked RESTRICTED).",
    ),
]


def assess(
    area: AreaOption,
    period: PeriodOption,
    out: OutOption,
    baseline: BaselineOption = None,
    spec: SpecOption = None,
    narrative: NarrativeOption = None,
    formats: FormatsOption = "html,pdf,docx,xlsx",
    edition: EditionOption = "public",
    warehouse: WarehouseOption = None,
    partnership: PartnershipOption = "",
) -> None:
    """Write the strategic assessment of a district as HTML, PDF, Word and XLSX (+ CSVs).

    Example: saferplaces assess --area "South Cambs" --period 2025 --out out/assessment
    """
    from saferplaces.assessment.produce import parse_formats, produce
    from saferplaces.disclosure import parse_edition

    wanted = parse_formats(formats)
    ed = parse_edition(edition)
    # Read-only: building an assessment writes nothing (it reads a flags run made
    # beforehand). Its Places chapter reads this partnership's place flags (else the
    # command line's own).
    wh = store.open_for(open_warehouse(warehouse), partnership.strip())
    a, p, b = area_and_periods(wh, area, period, baseline)
    with err_console.status(f"Writing the {ed.value} assessment of {a.name}..."):
        result = produce(
            wh, a, p, b, out, spec_path=spec, narrative_dir=narrative, formats=wanted, edition=ed
        )
    doc = result.document
    console.print(
        f"{doc.title}: {doc.area}, {ed.value} edition ({len(doc.tables())} tables, "
        f"{len(doc.figures())} figures), {p.label} against {b.label}",
        highlight=False,
    )
    for f in result.files:
        size = sum(x.stat().st_size for x in f.rglob("*")) if f.is_dir() else f.stat().st_size
        console.print(f"  {f}{'/' if f.is_dir() else ''}  ({size / 1024:,.0f} KB)", highlight=False)
    left_out = doc.meta.get("left_out") or []
    for title, why in left_out:
        # Not wrapped: a reason may end in a command to copy.
        console.print(f"  left out: {title}: {cli_text(why)}", highlight=False, soft_wrap=True)
    if "html" in wanted:
        console.print(f"Open {out / 'assessment.html'} to read it.", highlight=False)
