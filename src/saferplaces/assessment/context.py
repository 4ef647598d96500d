"""What every section and element builder is given: the warehouse, the area, the
periods, the disclosure rules, and cached figures from the core library.

Builders never write counting SQL: every count comes from
:mod:`saferplaces.indicators.engine`, :func:`saferplaces.indicators.police.indicator_table`
or :mod:`saferplaces.indicators.tables`, once, through the caches here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from saferplaces.assessment.narrative import NarrativeSource
from saferplaces.assessment.spec import Spec
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.disclosure import Disclosure
from saferplaces.geography.areas import Area, force_names
from saferplaces.indicators import engine
from saferplaces.indicators.police import IndicatorRow, IndicatorTable, indicator_table
from saferplaces.indicators.registry import Indicator, get_indicator
from saferplaces.indicators.tables import UnitTable, district_table, ward_table
from saferplaces.quality.coverage import SOURCE_LABELS, Coverage, coverage
from saferplaces.warehouse.connection import Warehouse

# How each source is credited under a table or figure; later sources add theirs.
SOURCE_CREDITS: dict[str, str] = {
    "police-uk": "police.uk street-level crime and anti-social behaviour (Home Office)",
}


@dataclass
class BuildContext:
    wh: Warehouse
    area: Area
    period: Period
    baseline: Period
    spec: Spec
    disclosure: Disclosure
    narrative: NarrativeSource
    alpha: float
    created: date
    force: Area | None = None
    left_out: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used_indicators: dict[str, Indicator] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    _cache: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ bookkeeping

    def leave_out(self, title: str, reason: str) -> None:
        """Record that a section or element was left out, and why (shown in data notes)."""
        entry = (title, reason)
        if entry not in self.left_out:
            self.left_out.append(entry)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def claim_id(self, wanted: str) -> str:
        """A document-wide unique id for a table or figure (``-2`` added if taken)."""
        base, n = wanted, 1
        while wanted in self.ids:
            n += 1
            wanted = f"{base}-{n}"
        self.ids.add(wanted)
        return wanted

    # ------------------------------------------------------------------ indicators

    def indicator(self, ident: str) -> Indicator | None:
        """The registered indicator ``ident`` names, or None when none is registered."""
        try:
            return get_indicator(ident)
        except SaferplacesError:
            return None

    def has_data(self, ind: Indicator) -> bool:
        key = ("has", ind.id)
        if key not in self._cache:
            self._cache[key] = engine.has_data(self.wh, ind)
        return self._cache[key]

    def available(self, idents: list[str], where: str) -> list[Indicator]:
        """The indicators of ``idents`` that are registered and hold data; the others are
        noted as absent against ``where`` (a chapter or element title)."""
        out = []
        for ident in idents:
            ind = self.indicator(ident)
            if ind is None:
                self.leave_out(where, f"indicator {ident!r} is not registered (no such source)")
            elif not self.has_data(ind):
                self.leave_out(where, f"no {ind.name} data is held ({ind.source})")
            else:
                out.append(ind)
                self.used_indicators.setdefault(ind.id, ind)
        return out

    def source_text(self, indicators: list[Indicator]) -> str:
        """The source line for a table or figure built from ``indicators``."""
        credits = []
        for ind in indicators:
            text = SOURCE_CREDITS.get(ind.source) or SOURCE_LABELS.get(ind.source, ind.source)
            if ind.source == "police-uk" and self.force is not None:
                names = force_names(self.wh, self.force)
                if names:
                    text += f", {' and '.join(names)}"
            credits.append(text)
        return "; ".join(dict.fromkeys(credits))

    # ------------------------------------------------------------------ cached figures

    def master(self) -> IndicatorTable:
        """One indicator table over every indicator the spec uses, so q-values and
        classifications agree wherever a value is quoted."""
        if "master" not in self._cache:
            inds = list(self.used_indicators.values())
            self._cache["master"] = indicator_table(
                self.wh, self.area, self.period, self.baseline, inds, alpha=self.alpha
            )
        return self._cache["master"]

    def row(self, ind: Indicator) -> IndicatorRow:
        """The indicator's row of the master table; an indicator the spec does not name
        (quoted only in narrative, say) gets a table of its own, so the master table and
        its q-values never change once tables have been built from it."""
        master = self.master()
        if any(r.indicator_id == ind.id for r in master.rows):
            return master.row(ind.id)
        key = ("single", ind.id)
        if key not in self._cache:
            self._cache[key] = indicator_table(
                self.wh, self.area, self.period, self.baseline, [ind], alpha=self.alpha
            )
        return self._cache[key].row(ind.id)

    @property
    def chart_period(self) -> Period:
        """Months a trend chart shows: from the start of the baseline to the period's end."""
        return Period(min(self.baseline.first, self.period.first), self.period.last)

    def monthly(self, ind: Indicator) -> list[tuple[str, int]]:
        key = ("monthly", ind.id)
        if key not in self._cache:
            self._cache[key] = engine.monthly_counts(self.wh, ind, self.area, self.chart_period)
        return self._cache[key]

    def chart_coverage(self, ind: Indicator) -> Coverage:
        key = ("coverage", ind.source)
        if key not in self._cache:
            self._cache[key] = coverage(self.wh, ind.source, self.area, self.chart_period)
        return self._cache[key]

    def wards(self, ind: Indicator) -> UnitTable:
        key = ("wards", ind.id)
        if key not in self._cache:
            self._cache[key] = ward_table(self.wh, self.area, ind, self.period, self.baseline)
        return self._cache[key]

    def districts(self, ind: Indicator) -> UnitTable | None:
        if self.force is None:
            return None
        key = ("districts", ind.id)
        if key not in self._cache:
            self._cache[key] = district_table(self.wh, self.force, ind, self.period, self.baseline)
        return self._cache[key]

    def denominators(self) -> dict[str, int]:
        if "dens" not in self._cache:
            self._cache["dens"] = engine.denominators(self.wh, self.area)
        return self._cache["dens"]
