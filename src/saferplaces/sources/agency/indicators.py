"""The agency sources' indicators, registered in the indicator registry like any other.

Every ``[[indicators]]`` entry of a dataset spec becomes an :class:`Indicator` whose
``events`` SQL reads ``agency_record``; the counting engine then gives its counts for
any area, ward, district and period, exactly as for police.uk. Each agency source also
registers its coverage rule (so periods with months missing are never compared) and its
section of the data-quality report.

The built-in sources' indicators are given to the extension points by the agency plugin
(:mod:`saferplaces.sources.agency.plugin`). Sources a partnership declared in its own
spec register from the specs stored in the warehouse (:func:`register_stored_specs`),
when a program opens it and when a load stores a spec.

>>> [i.resolution for i in spec_indicators(builtin_spec("idva"))][:1]
['district']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from saferplaces.core.messages import Hint, Note, Param
from saferplaces.core.periods import Period
from saferplaces.geography.areas import Area, force_of
from saferplaces.indicators import engine
from saferplaces.indicators.police import IndicatorTable, indicator_table
from saferplaces.indicators.registry import Indicator, get_indicator, register, taken
from saferplaces.indicators.tables import register_unplaced
from saferplaces.quality.coverage import SOURCE_LABELS, register_coverage, register_credit
from saferplaces.sources.agency import queries as q
from saferplaces.sources.agency.coverage import source_coverage
from saferplaces.sources.agency.dimensions import residence_district
from saferplaces.sources.agency.quality import agency_sources_held, spec_of
from saferplaces.sources.agency.spec import BUILTIN_ORDER, IndicatorDef, RatioDef, Spec, SpecError
from saferplaces.sources.agency.spec_reader import builtin_spec, spec_from_texts
from saferplaces.warehouse.connection import Warehouse

# Indicator ids of each source declared by a user's spec, in the order declared.
AGENCY_INDICATORS: dict[str, list[str]] = {}
# The spec texts registered for each such source, so one already registered is not read
# again each time the warehouse is opened.
_REGISTERED_TEXTS: dict[str, tuple[str, ...]] = {}


def _literal(v: Any) -> str:
    return "'" + str(v).replace("'", "''") + "'"


def _json_text(name: str) -> str:
    return f"json_extract_string(r.fields, '$.{name}')"


def condition_sql(spec: Spec, name: str, cond: Any) -> str:
    """SQL for one ``where`` entry of an indicator (values are compared without case)."""
    f = spec.field(name)
    col = _json_text(name)
    if isinstance(cond, dict):
        return f"{col} IS {'NOT ' if cond['present'] else ''}NULL"
    if f.type == "flag":
        return f"{col} = {_literal('true' if cond else 'false')}"
    values = cond if isinstance(cond, list) else [cond]
    if f.type in ("integer", "number"):
        return f"TRY_CAST({col} AS DOUBLE) IN ({', '.join(str(float(v)) for v in values)})"
    listed = ", ".join(_literal(str(v).casefold()) for v in values)
    return f"lower({col}) IN ({listed})"


def events_sql(spec: Spec, ind: IndicatorDef) -> str:
    """The ``events`` SQL of an agency indicator (see ``indicators.registry``)."""
    conditions = [f"r.source = {_literal(spec.name)}"]
    conditions += [condition_sql(spec, k, v) for k, v in ind.where.items()]
    if ind.geography == "incident":
        where = "r.lsoa_code, r.lad_code, r.ward_code"
        status = "r.location_status"
    else:
        # Counted by where the person lives: their district, never the incident's place.
        where = (
            f"NULL::VARCHAR AS lsoa_code, {_json_text(ind.geography)} AS lad_code, "
            "NULL::VARCHAR AS ward_code"
        )
        status = (
            f"CASE {_json_text(ind.geography)} WHEN 'unknown' THEN 'unknown' "
            "WHEN 'outside' THEN 'outside area' ELSE 'located' END"
        )
    n = (
        "1::BIGINT"
        if ind.measure is None
        else f"coalesce(TRY_CAST(json_extract(r.measures, '$.{ind.measure}') AS BIGINT), 0)"
    )
    # `status` is beyond the engine's columns: it tells "location unknown" from "outside
    # the area held" for the districts table (see UNPLACED).
    return (
        f"SELECT r.month, {where}, NULL::VARCHAR AS force, {n} AS n, {status} AS status "
        f"FROM agency_record r WHERE {' AND '.join(conditions)}"
    )


def unplaced_counts(
    wh: Warehouse, indicator: Indicator, force: Area, periods: list[Period]
) -> tuple[list[int], list[int]]:
    """(location unknown, outside the force area) for each period: records with no usable
    location, and those outside the boundaries held or placed in another force's area."""
    return engine.status_counts(wh, indicator, force, periods)


def check_indicator_ids(wh: Warehouse, spec: Spec) -> None:
    """Refuse a user's source whose indicator ids another source already uses (a built-in
    one is refused when the spec is read; this adds sources declared by other users'
    specs held in ``wh``)."""
    if spec.name in BUILTIN_ORDER:
        return
    register_stored_specs(wh)
    for ident in spec.indicator_ids:
        other = taken(ident)
        if other is not None and other.source != spec.name:
            raise SpecError(
                spec.origin,
                f"indicator id {ident!r} is already an indicator of {other.source} "
                f"({other.name}); choose another id",
            )


def to_indicator(spec: Spec, ind: IndicatorDef) -> Indicator:
    resolution = "district" if ind.geography != "incident" else spec.derived_resolution
    return Indicator(
        id=ind.id,
        name=ind.name,
        source=spec.name,
        events=events_sql(spec, ind),
        denominator=ind.denominator,
        sensitive=ind.sensitive,
        resolution=resolution,
        unit=ind.unit,
        group=ind.group or spec.group or spec.title,
        description=ind.description,
        ward_events=True,
        placed_by="incident" if ind.geography == "incident" else "residence",
    )


def to_proportion(spec: Spec, ratio: RatioDef) -> Indicator:
    """A rate a table holds the parts of (completions of people in treatment), as a
    proportion indicator: its numerator and base counted by the engine."""
    geography = residence_district(spec) or "incident"
    part = IndicatorDef(id=ratio.indicator or ratio.id, name=ratio.name, geography=geography)
    numerator = replace(part, measure=ratio.numerator)
    base = replace(part, measure=ratio.denominator)
    base_field = spec.field(ratio.denominator)
    return Indicator(
        id=ratio.indicator or ratio.id,
        name=ratio.name,
        source=spec.name,
        events=events_sql(spec, numerator),
        base_events=events_sql(spec, base),
        base_name=(base_field.label or base_field.name).lower(),
        base_additive=base_field.additive,
        denominator=None,
        sensitive=spec.sensitive,
        resolution="district" if geography != "incident" else spec.derived_resolution,
        unit="%",
        group=spec.group or spec.title,
        description=ratio.description
        or f"{ratio.name}: {ratio.numerator} of {ratio.denominator}, in percent.",
        ward_events=geography == "incident",
        placed_by="incident" if geography == "incident" else "residence",
    )


def spec_indicators(spec: Spec) -> list[Indicator]:
    """The indicators ``spec`` declares: its counts, then its proportions."""
    out = [to_indicator(spec, ind) for ind in spec.indicators]
    out += [to_proportion(spec, ratio) for ratio in spec.ratios if ratio.indicator]
    return out


@cache
def builtin_indicator_ids(name: str) -> tuple[str, ...]:
    return tuple(i.id for i in spec_indicators(builtin_spec(name)))


def indicator_ids(source: str) -> list[str]:
    """The ids of ``source``'s indicators, in the order its spec declares them."""
    if source in BUILTIN_ORDER:
        return list(builtin_indicator_ids(source))
    return AGENCY_INDICATORS.get(source, [])


def spec_credit(spec: Spec) -> str:
    """How a table or figure from the spec's source is credited: its title and agency."""
    return f"{spec.title} ({spec.agency})" if spec.agency else spec.title


def register_spec(spec: Spec) -> list[Indicator]:
    """Register ``spec``'s indicators, coverage rule and label; returns the indicators.

    For a source a partnership declared in its own spec (the built-in ones are given to
    the extension points by the agency plugin, once)."""
    register_coverage(spec.name, source_coverage(spec.name), spec.title)
    register_credit(spec.name, spec_credit(spec))
    register_unplaced(spec.name, unplaced_counts)
    out = spec_indicators(spec)
    for indicator in out:
        register(indicator)
    AGENCY_INDICATORS[spec.name] = [i.id for i in out]
    return out


def register_user_spec(spec: Spec) -> None:
    """Register a user's source once its spec is stored with a load (a built-in source is
    registered at start-up)."""
    if spec.name not in BUILTIN_ORDER:
        register_spec(spec)
        _REGISTERED_TEXTS[spec.name] = tuple(spec.texts)


def register_stored_specs(wh: Warehouse) -> list[str]:
    """Register the indicators of sources declared by a user's spec and held in ``wh``;
    returns those sources. A spec already registered is not read again."""
    done = []
    for source, texts in q.stored_user_specs(wh):
        if source in BUILTIN_ORDER:
            continue
        if _REGISTERED_TEXTS.get(source) != tuple(texts):
            try:
                spec = spec_from_texts(texts, f"stored spec for {source}")
            except SpecError:
                continue  # one broken source never takes the others down: `quality` says why
            register_spec(spec)
            _REGISTERED_TEXTS[source] = tuple(texts)
        done.append(source)
    return done


# A source covers a force area when at least this share of its placed records (or of
# the people it counts) are there: a Cambridgeshire extract with a few crimes recorded
# in Essex says nothing about Essex; an ambulance trust serving six forces covers each.
COVERS_SHARE = 0.01


def _covers(wh: Warehouse, source: str, area: Area) -> bool:
    """Whether ``source`` holds a real share of its records placed (or people living)
    in the police force area around ``area``: an extract from elsewhere says nothing
    about it."""
    force = force_of(wh, area) or area
    residence = [f.name for f in spec_of(wh, source).residence_fields]
    inside, placed = q.placed_in(wh, source, force, residence)
    return placed > 0 and inside >= COVERS_SHARE * placed


def agency_indicators(
    wh: Warehouse, level: str | None = None, area: Area | None = None
) -> list[Indicator]:
    """Agency indicators whose source is held (for ``area``'s force area, when given),
    grouped by source; for a ward (or LSOA), only those held finer than district."""
    held = agency_sources_held(wh)
    if area is not None:
        held = [s for s in held if _covers(wh, s, area)]
    out = []
    for source in held:
        for ident in indicator_ids(source):
            ind = get_indicator(ident)
            if level in ("ward", "lsoa") and ind.resolution == "district":
                continue
            out.append(ind)
    return out


@dataclass
class CombinedIndicatorTable(IndicatorTable):
    """police.uk rows first (unchanged), then the agency rows, grouped by source."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        d = super().to_dict()
        d["groups"] = self.groups
        d["illustrative_sources"] = self.illustrative
        return d


def full_indicator_table(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    *,
    alpha: float | None = None,
) -> CombinedIndicatorTable:
    """The police.uk indicator table for ``area``, followed by every agency indicator held.

    The police.uk rows are exactly :func:`police_indicators`' rows (their q-values are
    across those fifteen rows); the agency rows' q-values are across the agency rows.
    """
    police = indicator_table(wh, area, period, baseline, alpha=alpha)
    groups = [{"group": "police.uk", "indicator_ids": [r.indicator_id for r in police.rows]}]
    table = CombinedIndicatorTable(**{k: getattr(police, k) for k in police.__dataclass_fields__})
    table.groups = groups
    extra = agency_indicators(wh, area.level, area)
    if not extra:
        return table
    agency = indicator_table(wh, area, period, police.baseline, extra, alpha=alpha)
    table.rows = [*police.rows, *agency.rows]
    table.coverage = [*police.coverage, *agency.coverage]
    by_group: dict[str, list[str]] = {}
    for ind in extra:
        by_group.setdefault(ind.group, []).append(ind.id)
    table.groups += [{"group": g, "indicator_ids": ids} for g, ids in by_group.items()]
    # The agency table's own notes that the police.uk ones do not already say (months not
    # compared, proportions and their bases).
    table.notes += [n for n in agency.notes if n not in police.notes]
    table.notes.append(
        Note(
            "Agency indicators: q-values are Benjamini–Hochberg across the agency rows only, "
            "so the police.uk rows are as they would be alone. Data held only by district "
            "(IDVA, drug treatment, youth justice; ED arrivals by the patient's district of "
            "residence) counts where its district is in the area. Agency records with no "
            "usable location count in no area",
            Hint(": see a crosstab of the source with ", Param("rows", "rows", "district")),
            ".",
            code="agency.unplaced",
        )
    )
    table.illustrative = _illustrative(wh, [i.source for i in extra])
    if table.illustrative:
        table.notes.append(
            "Illustrative data (made by `saferplaces demo-data`, not real): "
            + ", ".join(SOURCE_LABELS.get(s, s) for s in table.illustrative)
            + "."
        )
    return table


def _illustrative(wh: Warehouse, sources: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(sources))
    held = q.illustrative_sources(wh, wanted)
    return [s for s in wanted if s in held]


def row_dicts(table: CombinedIndicatorTable) -> list[dict[str, Any]]:
    """The rows as dicts with their group, for printing."""
    group_of = {i: g["group"] for g in table.groups for i in g["indicator_ids"]}
    return [asdict(r) | {"group": group_of.get(r.indicator_id, "")} for r in table.rows]
