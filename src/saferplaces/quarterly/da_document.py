"""The domestic abuse quarterly performance report as a :class:`Document`, and its
tables with small numbers suppressed for the public edition.

A quarter's IDVA referrals by district or service strand, and its MARAC cases, are
counts of people at high risk of serious harm, so the public edition protects them at
every geography (``disclosure`` would otherwise publish any count at district level):
a count from 1 to 4 is ``<5``, secondary suppression hides a second cell of its row or
column, and a rate calculated from a hidden count is ``[c]``. The restricted edition
shows everything and is marked RESTRICTED.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from saferplaces.disclosure import Disclosure, Edition
from saferplaces.disclosure.policy import KEY
from saferplaces.disclosure.tables import protect_rows
from saferplaces.document.model import (
    BarChart,
    Callout,
    Cell,
    Column,
    DetailsBox,
    Document,
    Figure,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Series,
    Table,
)
from saferplaces.quarterly.domestic_abuse import (
    QUARTERS,
    DomesticAbuseReport,
    Measure,
    YearTable,
    quarter_label,
    sentences,
)

# Not a geography: every cell of these tables is a count of people at high risk, so
# the public edition suppresses small ones whatever the area (see the module's doc).
PROTECTED_LEVEL = "people"

COUNTS = [*QUARTERS, "total"]
RATES = {"engagement_rate": ["total"], "repeat_rate": ["total"]}

ILLUSTRATIVE = (
    "Illustrative data: some of the figures in this report come from invented extracts "
    "(marked illustrative when they were loaded), not from a real service."
)


def table_rows(table: YearTable, disclosure: Disclosure) -> list[dict[str, Any]]:
    """The table's rows and then its totals as dicts (label, kind, Q1..Q4, total and the
    two rates), a hidden value replaced by ``<5`` or ``[c]`` in the public edition."""
    rows = [
        {
            "label": r.label,
            "kind": r.kind,
            **r.quarters,
            "total": r.total,
            "engagement_rate": r.engagement_rate,
            "repeat_rate": r.repeat_rate,
        }
        for r in [*table.rows, table.total]
    ]
    protected = protect_rows(
        rows,
        counts=COUNTS,
        derived=RATES,
        disclosure=disclosure,
        sensitive=True,
        level=PROTECTED_LEVEL,
    )
    for i, row in enumerate(rows):
        for key in protected.hidden[i]:
            row[key] = protected.text(i, key)
    return rows


def measure_rows(measures: list[Measure], disclosure: Disclosure) -> list[dict[str, Any]]:
    rows = [
        {"label": m.label, **m.quarters, "total": m.total, "previous": m.previous_total}
        for m in measures
    ]
    protected = protect_rows(
        rows,
        counts=[*QUARTERS, "total", "previous"],
        disclosure=disclosure,
        sensitive=True,
        level=PROTECTED_LEVEL,
    )
    for i, row in enumerate(rows):
        for key in protected.hidden[i]:
            row[key] = protected.text(i, key)
    return rows


def report_json(report: DomesticAbuseReport, disclosure: Disclosure) -> dict[str, Any]:
    """The issue's JSON (``year``, ``rows``, ``totals``) and the rest of the report, a
    hidden value as null in the public edition (``notes`` say why)."""

    def shown(row: dict[str, Any], key: str) -> Any:
        v = row.get(key)
        return None if isinstance(v, str) else v

    def year(table: YearTable) -> dict[str, Any]:
        rows = table_rows(table, disclosure)
        return {
            "year": table.year,
            "rows": [
                {
                    "label": r["label"],
                    "kind": r["kind"],
                    "quarters": {k: shown(r, k) for k in QUARTERS},
                    "total": shown(r, "total"),
                    "engagement_rate": shown(r, "engagement_rate"),
                    "repeat_rate": shown(r, "repeat_rate"),
                }
                for r in rows[:-1]
            ],
            "totals": {k: shown(rows[-1], k) for k in COUNTS},
        }

    public = disclosure.public
    hidden_any = any(
        isinstance(v, str)
        for t in (report.this_year, report.last_year)
        for r in table_rows(t, disclosure)
        for k, v in r.items()
        if k not in ("label", "kind")
    )
    notes = list(report.notes)
    if hidden_any:
        notes.append(
            "Public edition: counts from 1 to 4, and values that would reveal them, are null."
        )
    out = {
        **year(report.this_year),
        "area": report.area.to_dict(),
        "edition": disclosure.edition.value,
        "previous_year": year(report.last_year),
        "changes": []
        if public and _small_change(report)
        else [c.to_dict() for c in report.changes],
        "other": [
            {
                "id": m.id,
                "label": m.label,
                "quarters": {k: shown(r, k) for k in QUARTERS},
                "total": shown(r, "total"),
                "previous_year_total": shown(r, "previous"),
            }
            for m, r in zip(report.measures, measure_rows(report.measures, disclosure), strict=True)
        ],
        "sentences": sentences(report, public=public),
        "notes": notes,
        "illustrative": report.illustrative,
    }
    return out


def _small_change(report: DomesticAbuseReport) -> bool:
    return any(1 <= c.count <= 4 or 1 <= c.previous <= 4 for c in report.changes)


# --------------------------------------------------------------------------- document


def _para(*texts: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in texts if t])


def _cell(v: Any, kind: str) -> Cell:
    if isinstance(v, str):
        return Cell(v, None, hidden=True)
    if v is None:
        return Cell("–", None)
    if kind == "pct":
        return Cell(f"{v:.0f}%", v)
    return Cell(f"{v:,}", v)


def _year_table(table: YearTable, disclosure: Disclosure, ident: str, caption: str) -> Table:
    rows = table_rows(table, disclosure)
    columns = [
        Column("label", "District or service", row_header=True),
        *[Column(k, k, "int") for k in QUARTERS],
        Column("total", "Total", "int"),
        Column("engagement_rate", "Engagement rate", "pct"),
        Column("repeat_rate", "Repeat rate", "pct"),
    ]
    cells = [
        [
            Cell(r["label"] + (" (service)" if r["kind"] == "service" else ""), r["label"]),
            *[_cell(r[k], "int") for k in COUNTS],
            _cell(r["engagement_rate"], "pct"),
            _cell(r["repeat_rate"], "pct"),
        ]
        for r in rows
    ]
    notes = [
        "Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to "
        "March. – : not yet reported. Rates are percentages of the year's referrals, not "
        "shown on a base under 10.",
        "A service's referrals count in its district's row too when the service gave one; "
        "the total counts every referral once.",
        *table.notes,
    ]
    if any(isinstance(r[k], str) for r in rows for k in [*COUNTS, *RATES]):
        notes.append(KEY)
    return Table(
        ident,
        caption,
        columns,
        cells,
        source="IDVA service referrals (saferplaces source idva)",
        notes=notes,
        sensitive=True,
        level=PROTECTED_LEVEL,
        total_rows=frozenset({len(cells) - 1}),
        count_columns=tuple(COUNTS),
    )


def _measures_table(report: DomesticAbuseReport, disclosure: Disclosure) -> Table:
    rows = measure_rows(report.measures, disclosure)
    columns = [
        Column("label", "Measure", row_header=True),
        *[Column(k, k, "int") for k in QUARTERS],
        Column("total", f"Total so far {report.year}", "int"),
        Column("previous", f"Total {report.last_year.year}", "int"),
    ]
    cells = [
        [
            Cell(r["label"], r["label"]),
            *[_cell(r[k], "int") for k in [*QUARTERS, "total", "previous"]],
        ]
        for r in rows
    ]
    return Table(
        "marac-police",
        f"MARAC cases and police domestic abuse incidents and crimes, {report.area.name}, "
        f"{report.year}",
        columns,
        cells,
        source="MARAC cases (source marac); the force's crime extract (source police-extract)",
        notes=[
            "– : not held for the whole quarter. MARAC cases are counted by the district "
            "where the victim lives; cases with no district are in no area's count."
        ],
        sensitive=True,
        level=PROTECTED_LEVEL,
        count_columns=(*QUARTERS, "total", "previous"),
    )


def _figure(report: DomesticAbuseReport, disclosure: Disclosure) -> Figure | None:
    this = table_rows(report.this_year, disclosure)[-1]
    last = table_rows(report.last_year, disclosure)[-1]
    values = [[None if isinstance(r[k], str) else r[k] for k in QUARTERS] for r in (this, last)]
    if all(v is None for v in values[0] + values[1]):
        return None
    labels = [quarter_label(report.this_year.start, k).split(" (")[0] for k in QUARTERS]
    chart = BarChart(
        categories=labels,
        series=[
            Series(report.year, values[0]),
            Series(report.last_year.year, values[1], style="muted"),
        ],
        value_label="IDVA referrals",
        category_label="Quarter of the financial year",
        horizontal=False,
    )
    data = Table(
        "referrals-by-quarter-data",
        "IDVA referrals by quarter",
        [
            Column("quarter", "Quarter", row_header=True),
            Column("this", report.year, "int"),
            Column("last", report.last_year.year, "int"),
        ],
        [[Cell(k, k), _cell(this[k], "int"), _cell(last[k], "int")] for k in QUARTERS],
        sensitive=True,
        level=PROTECTED_LEVEL,
        count_columns=("this", "last"),
    )
    return Figure(
        "referrals-by-quarter",
        f"IDVA referrals by quarter, {report.year} against {report.last_year.year}",
        f"Bar chart of IDVA referrals in {report.area.name} in each quarter of "
        f"{report.year} beside the same quarter of {report.last_year.year}; the numbers are "
        "in the table with it.",
        chart,
        data,
        source="IDVA service referrals",
    )


def build_document(
    report: DomesticAbuseReport, edition: Edition = Edition.PUBLIC, created: date | None = None
) -> Document:
    """The report as boards receive it: key changes (drafted sentences), the IDVA table
    of the year and of the year before, the figure, MARAC and police figures, notes."""
    disclosure = Disclosure(edition)
    created = created or date.today()
    latest = report.latest_quarter
    subtitle = (
        f"{report.year}, {quarter_label(report.this_year.start, latest)}" if latest else report.year
    )
    doc = Document(
        title="Domestic Abuse Quarterly Performance Report",
        area=report.area.name,
        subtitle=subtitle,
        edition=edition.value,
        marking=disclosure.marking,
        created=created.isoformat(),
        meta={"area_code": report.area.code, "year": report.year},
    )
    details = [
        ("Area", report.area.name),
        ("Financial year", f"{report.year} (April to March)"),
        (
            "Latest quarter held",
            quarter_label(report.this_year.start, latest) if latest else "none",
        ),
        ("Edition", edition.value),
        ("Produced", f"{created.day} {created:%B %Y}"),
    ]
    doc.details = details
    front: list = []
    if report.illustrative:
        front.append(Callout("Illustrative data", _para(ILLUSTRATIVE), kind="warning"))
    front.append(DetailsBox(details))
    key = sentences(report, public=disclosure.public)
    sections = [
        Section("details", "Document details", blocks=front, kind="details", in_contents=False),
        Section(
            "key-changes",
            "Key issues and information",
            blocks=[
                Callout(
                    "Drafted from the figures",
                    _para("Check and edit these sentences before the report is circulated."),
                    kind="draft",
                ),
                Narrative([ListBlock([[Run(s)] for s in key])], draft=True),
            ],
        ),
        Section(
            "idva",
            "IDVA referrals",
            blocks=[
                _year_table(
                    report.this_year,
                    disclosure,
                    "idva-this-year",
                    f"IDVA referrals by district and service, {report.area.name}, {report.year}",
                ),
                _year_table(
                    report.last_year,
                    disclosure,
                    "idva-last-year",
                    f"IDVA referrals by district and service, {report.area.name}, "
                    f"{report.last_year.year}",
                ),
            ],
        ),
    ]
    fig = _figure(report, disclosure)
    if fig is not None:
        sections[-1].blocks.insert(1, fig)
    if report.measures:
        sections.append(
            Section(
                "marac-police", "MARAC and police", blocks=[_measures_table(report, disclosure)]
            )
        )
    if report.changes:
        sections.append(_changes_section(report, disclosure))
    doc.sections = sections
    doc.number()
    return doc


def _changes_section(report: DomesticAbuseReport, disclosure: Disclosure) -> Section:
    hide = disclosure.public and _small_change(report)
    columns = [
        Column("label", "Compared", row_header=True),
        Column("count", report.year, "int"),
        Column("previous", report.last_year.year, "int"),
        Column("change_pct", "Change", "pct"),
        Column("p_value", "p", "p"),
        Column("classification", "Exact test"),
    ]
    rows = []
    for c in report.changes:
        pct = "–" if c.change_pct is None else f"{c.change_pct:+.0f}%"
        p = "<0.001" if c.p_value < 0.001 else f"{c.p_value:.3f}"
        rows.append(
            [
                Cell(c.label, c.label),
                Cell("[c]", None, hidden=True) if hide else Cell(f"{c.count:,}", c.count),
                Cell("[c]", None, hidden=True) if hide else Cell(f"{c.previous:,}", c.previous),
                Cell("[c]", None, hidden=True) if hide else Cell(pct, c.change_pct),
                Cell(p, c.p_value),
                Cell(c.classification, c.classification),
            ]
        )
    table = Table(
        "idva-changes",
        f"IDVA referrals against the same quarters of {report.last_year.year}",
        columns,
        rows,
        source="IDVA service referrals",
        notes=[
            "The exact conditional test of two counts (methods.md): a change is significant "
            "when p < 0.05. A percentage change is not given on a base under 10."
        ],
        sensitive=True,
        level=PROTECTED_LEVEL,
    )
    return Section("changes", "Change against last year", blocks=[table])
