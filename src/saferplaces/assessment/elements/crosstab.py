"""``crosstab``: an agency source broken down by two fields, the tables analysts build in
Excel (ED assault arrivals by incident location type by year, ambulance call-outs by
district by year, IDVA referrals by quarter with engagement and repeat rates ...).

The numbers come from :func:`saferplaces.sources.agency.crosstab.crosstab`; this element
only chooses the area and the months, turns the result into a numbered table (or a bar
chart with its data table) and applies disclosure control: a sensitive source broken
down by a category (weapon, sex, risk band, location type) is below district level, so
the public edition hides counts from 1 to 4 there.

>>> # - crosstab: {source: ed-assaults, rows: weapon, columns: year, area: all}
"""

from __future__ import annotations

from typing import Any

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.phrasing import DOCUMENT
from saferplaces.assessment.registry import ElementKind
from saferplaces.assessment.spec import ChapterSpec, ElementSpec, SpecError
from saferplaces.assessment.tables import make_table
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import phrase_all
from saferplaces.core.periods import Period
from saferplaces.document.model import BarChart, Block, Column, Figure, Series
from saferplaces.sources.agency.spec import Spec

FIELDS: dict[str, type | tuple[type, ...]] = {
    "source": str,
    "rows": str,
    "columns": str,
    "value": str,
    "statistic": str,
    "area": str,
    "period": str,
    "rows_only": list,
    "rows_except": list,
    "columns_only": list,
    "sensitive": bool,
    "chart": str,
    "row_header": str,
    "total": bool,
    "notes": list,
    "id": str,
    "caption": str,
}
AREAS = ("district", "force", "all")
PERIODS = ("chart", "period", "all")
TIME_UNITS = ("year", "financial-year", "academic-year", "quarter", "month")
GEO = ("district", "ward")
# ``columns: years`` follows the assessment's period: calendar, financial or academic.
YEAR_BY_START = {"01": "year", "04": "financial-year", "09": "academic-year"}
UNIT_WORDS = {
    "year": "year",
    "financial-year": "financial year",
    "academic-year": "academic year",
    "quarter": "quarter",
    "month": "month",
    "district": "district",
    "ward": "ward",
    "measures": "measure",
}


def _spec_error(ctx: BuildContext, element: ElementSpec, text: str) -> SpecError:
    return SpecError(f"{ctx.spec.file}, line {element.line}, element 'crosstab': {text}")


def _label(spec: Spec, name: str) -> str:
    """How a field is named in a caption or header: its label, else its name in words."""
    if name in UNIT_WORDS:
        return UNIT_WORDS[name]
    if spec.has(name):
        f = spec.field(name)
        if f.label:
            return f.label[0].lower() + f.label[1:]
    return name.replace("_", " ")


def _pretty(text: str) -> str:
    """A measure column named by its raw field (``child_issues``) reads as words; a rate's
    "(%)" is left off, as its cells say "%" themselves."""
    if "_" in text and " " not in text:
        text = text.replace("_", " ")
    if text.endswith(" (%)"):
        text = text[:-4]
    return text[0].upper() + text[1:] if text else text


def _check(ctx: BuildContext, element: ElementSpec, spec: Spec) -> dict[str, Any]:
    o = dict(element.options)
    for key in ("source", "rows", "columns"):
        if not o.get(key):
            raise _spec_error(ctx, element, f"needs {key!r}")
    if o["columns"] == "years":
        o["columns"] = YEAR_BY_START.get(ctx.period.start[5:7], "year")
    names = {f.name for f in spec.dimensions}
    allowed = [*TIME_UNITS, *GEO, *sorted(names)]
    for key in ("rows", "columns"):
        v = o[key]
        if v not in allowed and not (key == "columns" and v == "measures"):
            raise _spec_error(
                ctx,
                element,
                f"{key} {v!r} is not a field of {spec.name}; choose one of: "
                + ", ".join([*allowed, *(["measures", "years"] if key == "columns" else [])]),
            )
    for key, choices, default in (
        ("area", AREAS, "district"),
        ("period", PERIODS, "chart"),
        ("statistic", ("total", "monthly-average"), "total"),
    ):
        o.setdefault(key, default)
        if o[key] not in choices:
            raise _spec_error(ctx, element, f"{key} should be one of {', '.join(choices)}")
    if o.get("chart") not in (None, "bars"):
        raise _spec_error(ctx, element, "chart should be bars")
    return o


def _level(spec: Spec, dims: list[str]) -> str:
    """The disclosure level of the cells: a breakdown by a category is below district."""
    if "ward" in dims:
        return "ward"
    for d in dims:
        if d in TIME_UNITS or d in GEO or d == "measures":
            continue
        if spec.has(d) and spec.field(d).type == "district":
            continue  # e.g. the district a patient lives in
        return "category"
    return "district"


def _period(ctx: BuildContext, which: str) -> Period | None:
    return {"chart": ctx.chart_period, "period": ctx.period, "all": None}[which]


def crosstab_element(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec) -> list[Block]:
    from saferplaces.sources.agency.crosstab import crosstab
    from saferplaces.sources.agency.quality import spec_of

    source = str(element.options.get("source") or "")
    if not source:
        raise _spec_error(ctx, element, "needs 'source'")
    if not ctx.source_held(source):
        ctx.source_absent(chapter.title, source)
        return []
    spec = spec_of(ctx.wh, source)
    o = _check(ctx, element, spec)
    area = {"district": ctx.area, "force": ctx.force, "all": None}[o["area"]]
    if o["area"] == "force" and ctx.force is None:
        ctx.leave_out(chapter.title, f"{ctx.area.name} is not within one police force area")
        return []
    period = _period(ctx, o["period"])
    try:
        t = crosstab(
            ctx.wh,
            source,
            o["rows"],
            o["columns"],
            area=area,
            period=period,
            value=o.get("value"),
            statistic=o["statistic"],
        )
    except SaferplacesError as e:
        ctx.leave_out(chapter.title, f"{spec.title} by {_label(spec, o['rows'])}: {e}")
        return []
    rows = list(t.rows)
    if o.get("rows_only"):
        keep = [str(x) for x in o["rows_only"]]
        rows = [r for r in rows if r.label in keep]
    if o.get("rows_except"):
        drop = [str(x) for x in o["rows_except"]]
        rows = [r for r in rows if r.label not in drop]
    columns = list(t.columns)
    if o.get("columns_only"):
        # By the column's own name first ("Child issues (%)"), else its name as shown.
        keep = {str(x) for x in o["columns_only"]}
        named = {c for c in columns if c in keep}
        left = keep - named
        columns = [c for c in columns if c in named or (_pretty(c) in left and c not in named)]
    if not rows or all(v is None or v == 0 for r in rows for v in r.cells.values()):
        where = area.name if area is not None else "any area"
        ctx.leave_out(
            chapter.title,
            f"{spec.title} by {_label(spec, o['rows'])}: no records are held for {where}"
            + (f" in {period.label}" if period else ""),
        )
        return []
    ctx.use_source(source)

    statistic = t.statistic  # count | sum | rate (%) | monthly average
    by_measure = o["columns"] == "measures"
    ratio_of = {
        f"{r.name} (%)": (r.numerator, r.denominator) for r in spec.ratios
    }  # measures columns: the rates, from their numerator and denominator
    measure_label = {f.name: f.label or f.name for f in spec.measures}

    def kind_of(col: str) -> str:
        if by_measure:
            return "share" if col in ratio_of else "int"
        return {"rate (%)": "share", "monthly average": "mean"}.get(statistic, "int")

    keys = {c: f"c{i}" for i, c in enumerate(columns)}
    show_total = bool(o.get("total", True))
    row_totals = show_total and not by_measure and statistic in ("count", "sum", "rate (%)")
    filtered = len(rows) != len(t.rows)
    counts = [keys[c] for c in columns if kind_of(c) == "int"]
    if row_totals and statistic != "rate (%)":
        counts.append("total")
    derived: dict[str, list[str]] = {}
    for c in columns:
        if by_measure and c in ratio_of:
            num, den = ratio_of[c]
            derived[keys[c]] = [
                keys[x] for x in (measure_label.get(num), measure_label.get(den)) if x in keys
            ]
    table_rows: list[dict[str, Any]] = []
    for r in rows:
        d: dict[str, Any] = {"label": _pretty(r.label)}
        for c in columns:
            d[keys[c]] = r.cells.get(c)
        if row_totals:
            d["total"] = r.total
        table_rows.append(d)
    totals: list[int] = []
    if show_total:
        total_row: dict[str, Any] = {"label": _total_label(ctx, o["area"], o["rows"], area)}
        for c in columns:
            if filtered:
                # Totals of the rows shown: counts add up; rates and averages do not.
                vals = [r.cells.get(c) for r in rows]
                total_row[keys[c]] = sum(v or 0 for v in vals) if kind_of(c) == "int" else None
            else:
                total_row[keys[c]] = t.totals.get(c)
        if row_totals:
            total_row["total"] = (
                sum(v or 0 for v in (r.total for r in rows))
                if filtered and statistic != "rate (%)"
                else (None if filtered else t.grand_total)
            )
        totals.append(len(table_rows))
        table_rows.append(total_row)

    sensitive = (
        bool(o["sensitive"])
        if "sensitive" in o
        else any(i.sensitive for i in spec.indicators) or _person_level(spec)
    )
    level = _level(spec, [o["rows"], o["columns"]])
    header = o.get("row_header") or _pretty(_label(spec, o["rows"]))
    table_columns = [Column("label", header, row_header=True)]
    shown = [_pretty(c) for c in columns]
    # A rate keeps its "(%)" when leaving it off would give two columns one name.
    headers = [h if shown.count(h) == 1 else c for h, c in zip(shown, columns, strict=True)]
    table_columns += [Column(keys[c], h, kind_of(c)) for c, h in zip(columns, headers, strict=True)]
    if row_totals:
        table_columns.append(Column("total", "Total", kind_of(columns[0]) if columns else "int"))
    what = t.value_label if not by_measure else spec.title.lower()
    if statistic == "monthly average":
        what = f"{t.value_label}, average per month"
    where = (
        f"{ctx.area.name}"
        if o["area"] == "district"
        else (f"{ctx.force.name} police force area" if o["area"] == "force" else "all records")
    )
    when = period.label if period is not None else "every period held"
    caption = _caption(ctx, element) or (
        f"{spec.title}: {what if what != 'records' else 'records'} by "
        f"{_label(spec, o['rows'])}"
        + ("" if by_measure else f" and {_label(spec, o['columns'])}")
        + f", {where}, {when}"
    )
    # The library speaks to whoever runs the table; a document says what the table holds.
    notes = [str(n) for n in o.get("notes") or []] + phrase_all(t.notes, DOCUMENT)
    if by_measure and any(c in ratio_of for c in columns):
        notes.append("Rates are not shown where the base is under 10.")
    notes = list(dict.fromkeys(notes))
    eid = _element_id(ctx, chapter, element, o)
    if o.get("chart") == "bars":
        return [
            _bars(
                ctx,
                element,
                eid,
                caption,
                table_rows,
                totals,
                table_columns,
                columns,
                keys,
                counts,
                derived,
                sensitive,
                level,
                notes,
                source,
                spec,
                header,
                by_measure,
            )
        ]
    table, _ = make_table(
        id=eid,
        caption=caption,
        columns=table_columns,
        rows=table_rows,
        disclosure=ctx.disclosure,
        source=ctx.sources_text([source]),
        notes=notes,
        sensitive=sensitive,
        level=level,
        totals=totals,
        counts=counts,
        derived=derived,
        independent=by_measure,
        row_total="total" if "total" in counts else None,
    )
    return [table]


def _person_level(spec: Spec) -> bool:
    # Aggregate tables about people (treatment clients, offenders, referrals) are
    # person-level data even where the spec declares no sensitive indicator.
    return spec.kind in ("aggregate", "snapshot") and spec.name != "school-attendance"


def _total_label(ctx: BuildContext, area_choice: str, rows: str, area) -> str:
    if area_choice == "force" and ctx.force is not None:
        return f"{ctx.force.name} police force area (all)"
    if area_choice == "district":
        return f"{ctx.area.name} (all)"
    return "All records"


def _caption(ctx: BuildContext, element: ElementSpec) -> str | None:
    from saferplaces.assessment.elements.common import caption_of

    return caption_of(ctx, element)


def _element_id(ctx: BuildContext, chapter: ChapterSpec, element: ElementSpec, o) -> str:
    if o.get("id"):
        return ctx.claim_id(str(o["id"]))
    return ctx.claim_id(f"{chapter.id}-{o['source']}-by-{o['rows']}".replace("_", "-"))


def _bars(
    ctx: BuildContext,
    element: ElementSpec,
    eid: str,
    caption: str,
    table_rows: list[dict[str, Any]],
    totals: list[int],
    table_columns: list[Column],
    columns: list[str],
    keys: dict[str, str],
    counts: list[str],
    derived: dict[str, list[str]],
    sensitive: bool,
    level: str,
    notes: list[str],
    source: str,
    spec: Spec,
    header: str,
    independent: bool,
) -> Figure:
    """The same breakdown as a bar chart (one bar per column, at most four), the table
    beside it as its data."""
    data, protected = make_table(
        id=f"{eid}-data",
        caption="Data",
        columns=table_columns,
        rows=table_rows,
        disclosure=ctx.disclosure,
        sensitive=sensitive,
        level=level,
        totals=totals,
        counts=counts,
        derived=derived,
        independent=independent,
        row_total="total" if "total" in counts else None,
    )
    body = [i for i in range(len(table_rows)) if i not in totals]
    shown = columns[-4:]
    kind = next((c.kind for c in table_columns if c.key == keys[shown[0]]), "int")
    series = []
    for c in shown:
        k = keys[c]
        vals = [None if protected.is_hidden(i, k) else table_rows[i].get(k) for i in body]
        series.append(
            Series(
                _pretty(c),
                [None if v is None else float(v) for v in vals],
                value_labels=[data.rows[i][data.column_index(k)].text for i in body],
            )
        )
    cats = [str(table_rows[i]["label"]) for i in body]
    hidden = [any(protected.is_hidden(i, keys[c]) for c in shown) for i in body]
    parts = []
    for j, i in enumerate(body):
        values = ", ".join(
            f"{_pretty(c)} {data.rows[i][data.column_index(keys[c])].text}" for c in shown
        )
        parts.append(f"{cats[j]}: {values}")
    alt = (
        f"Bar chart of {spec.title.lower()} by {header.lower()}"
        + (f", {', '.join(_pretty(c) for c in shown)}" if len(shown) > 1 else "")
        + ". "
        + "; ".join(parts)
        + "."
    )
    unit = {"int": "Count", "mean": "Average per month", "share": "Per cent"}.get(kind, "Value")
    return Figure(
        id=eid,
        caption=caption,
        alt=alt,
        chart=BarChart(
            categories=cats,
            series=series,
            value_label=unit,
            category_label=header,
            horizontal=True,
            hidden=hidden if any(hidden) else None,
        ),
        data=data,
        source=ctx.sources_text([source]),
        notes=notes,
    )


# The kinds this module adds (see the assessment plugin).
KINDS = (
    ElementKind(
        "crosstab",
        crosstab_element,
        FIELDS,
        "An agency source broken down by two fields (e.g. ED arrivals by location type by "
        "year), as a table or, with chart: bars, a bar chart with its data.",
    ),
)
