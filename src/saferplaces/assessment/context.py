"""What every section and element builder is given: the warehouse, the area, the
periods, the disclosure rules, and cached figures from the core library.

Builders never write counting SQL: every count comes from
:mod:`saferplaces.indicators.engine`, :func:`saferplaces.indicators.police.indicator_table`
or :mod:`saferplaces.indicators.tables`, once, through the caches here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from saferplaces.assessment.narrative import NarrativeSource
from saferplaces.assessment.spec import Spec
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Note
from saferplaces.core.periods import Period
from saferplaces.disclosure import Disclosure
from saferplaces.geography.areas import Area
from saferplaces.indicators import engine
from saferplaces.indicators.police import IndicatorRow, IndicatorTable, indicator_table, table_of
from saferplaces.indicators.registry import Indicator, get_indicator
from saferplaces.indicators.tables import UnitTable, district_table, ward_table
from saferplaces.quality.coverage import SOURCE_LABELS, Coverage, coverage, credit_of
from saferplaces.warehouse.connection import Warehouse

if TYPE_CHECKING:  # the places library pulls in SciPy and PySAL: imported when used
    from saferplaces.places.chapter import ChapterFlags
    from saferplaces.places.concentration import Concentration
    from saferplaces.places.deprivation import Deprivation
    from saferplaces.places.funnel import Funnel
    from saferplaces.places.hotspots import Hotspots

# Said wherever illustrative data appears: chapter, table and figure source lines, notes.
ILLUSTRATIVE = "ILLUSTRATIVE DATA, not real"


@dataclass
class LeftOut:
    """What one chapter of the spec could not show, and why: said once per chapter."""

    title: str
    whole: bool = False  # the chapter itself is left out
    sources: list[str] = field(default_factory=list)  # sources with no data held
    reasons: list[str] = field(default_factory=list)  # anything else (notes, or text)

    def text(self) -> Note:
        """``left out: no IDVA referrals data is held`` (the whole chapter), or ``shown in
        part: without its Ambulance call-outs for assault figures (no data held)``; a
        note, so that each audience words the reasons its own way."""
        if self.whole:
            parts = [f"no {_join(self.sources)} data is held"] if self.sources else []
            reasons = parts + self.reasons or ["its data is not held"]
            return Note("left out: ", *_between(reasons, "; "), code="left-out")
        parts = (
            [f"without its {_join(self.sources, 'and')} figures (no data held)"]
            if self.sources
            else []
        )
        return Note("shown in part: ", *_between(parts + self.reasons, "; "), code="left-out")


def _between(items: list, separator: str) -> list:
    out: list = []
    for i, item in enumerate(items):
        out += [separator, item] if i else [item]
    return out


def _join(items: list[str], word: str = "or") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


@dataclass
class Ask:
    """Something only a person can add to a chapter (partner context, interventions,
    recommendations): the section id whose Markdown adds it, and what it is.

    ``label`` is short ("interventions"); ``what`` says what to write, without naming
    a topic, so the "For the analyst" page can say it once for every chapter; an
    ``inline`` ask (a whole narrative chapter) says its own ``what`` beside it."""

    chapter_id: str
    chapter_title: str
    section_id: str
    label: str
    what: str
    inline: bool = False


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
    absent: dict[str, LeftOut] = field(default_factory=dict)  # chapter title -> what and why
    notes: list[str] = field(default_factory=list)
    used_indicators: dict[str, Indicator] = field(default_factory=dict)
    used_sources: dict[str, None] = field(default_factory=dict)  # in the order first used
    chapter_sources: dict[str, None] = field(default_factory=dict)  # of the chapter being built
    ids: set[str] = field(default_factory=set)
    asks: dict[str, Ask] = field(default_factory=dict)  # section id -> what only a person adds
    _cache: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ bookkeeping

    def _absent(self, title: str) -> LeftOut:
        return self.absent.setdefault(title, LeftOut(title))

    def leave_out(self, title: str, reason: str | None = None, *, whole: bool = False) -> None:
        """Record that the chapter ``title`` (``whole``), or a part of it, is not shown, and
        why; the data notes say it once per chapter."""
        entry = self._absent(title)
        entry.whole = entry.whole or whole
        if reason and reason not in entry.reasons:
            entry.reasons.append(reason)

    def source_absent(self, title: str, source: str) -> None:
        """Record that ``source`` holds no data for the chapter ``title``."""
        label = SOURCE_LABELS.get(source, source)
        entry = self._absent(title)
        if label not in entry.sources:
            entry.sources.append(label)

    @property
    def left_out(self) -> list[tuple[str, Note]]:
        """(chapter title, what is not shown and why), one line per chapter."""
        return [(e.title, e.text()) for e in self.absent.values()]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def ask(self, ask: Ask) -> None:
        """Record a section only the analyst can write (listed by "For the analyst")."""
        self.asks.setdefault(ask.section_id, ask)

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
        """True when data is held for the indicator: for an agency source, data that
        covers this area's police force area (an extract from elsewhere says nothing)."""
        key = ("has", ind.id)
        if key not in self._cache:
            held = engine.has_data(self.wh, ind)
            if held and ind.source != "police-uk":
                held = ind.source in self.agency_sources()
            self._cache[key] = held
        return self._cache[key]

    def agency_sources(self) -> set[str]:
        """Agency sources held for this area's police force area."""
        if "agency" not in self._cache:
            from saferplaces.sources.agency.indicators import agency_indicators, indicator_ids
            from saferplaces.sources.agency.quality import agency_sources_held

            covering = {i.source for i in agency_indicators(self.wh, None, self.area)}
            # Sources that declare no indicator (school attendance, probation caseloads)
            # count as held; their tables say when nothing is held for the area.
            self._cache["agency"] = covering | {
                s for s in agency_sources_held(self.wh) if not indicator_ids(s)
            }
        return self._cache["agency"]

    def use_source(self, source: str) -> None:
        """Note that a table or figure shows data of ``source`` (for the data notes, and
        the chapter's illustrative-data warning)."""
        self.used_sources.setdefault(source)
        self.chapter_sources.setdefault(source)

    def source_held(self, source: str) -> bool:
        return source == "police-uk" or source in self.agency_sources()

    def available(self, idents: list[str], where: str) -> list[Indicator]:
        """The indicators of ``idents`` that are registered and hold data; the others are
        noted as absent against ``where`` (a chapter title), once per source."""
        out = []
        for ident in idents:
            ind = self.indicator(ident)
            if ind is None:
                self.leave_out(where, f"indicator {ident!r} is not registered (no such source)")
            elif not self.has_data(ind):
                self.source_absent(where, ind.source)
            else:
                out.append(ind)
                self.used_indicators.setdefault(ind.id, ind)
                self.use_source(ind.source)
        return out

    def illustrative_sources(self) -> set[str]:
        """Agency sources whose rows held are illustrative (``saferplaces demo-data``)."""
        if "illustrative" not in self._cache:
            from saferplaces.assessment.queries import illustrative_sources

            found = illustrative_sources(self.wh)
            self._cache["illustrative"] = found
        return self._cache["illustrative"]

    def credit(self, source: str) -> str:
        """How ``source`` is credited under a table or figure, marked when illustrative."""
        text = credit_of(self.wh, source, self.force)
        if source in self.illustrative_sources():
            text += f" [{ILLUSTRATIVE}]"
        return text

    def source_text(self, indicators: list[Indicator]) -> str:
        """The source line for a table or figure built from ``indicators``."""
        return self.sources_text([ind.source for ind in indicators])

    def sources_text(self, sources: list[str]) -> str:
        return "; ".join(dict.fromkeys(self.credit(s) for s in sources))

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

    def rows(self, inds: list[Indicator]) -> list[IndicatorRow]:
        """The indicators' rows as a table of their own: q-values across these rows."""
        return table_of([self.row(ind) for ind in inds])

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

    def missing(self, ind: Indicator) -> list[str]:
        """Months (``2025-12``) of the period and the baseline that the indicator's
        source does not hold: a comparison over them is not made."""
        key = ("missing", ind.source)
        if key not in self._cache:
            gaps: list[str] = []
            for p in (self.baseline, self.period):
                gaps += list(coverage(self.wh, ind.source, self.area, p).missing)
            self._cache[key] = sorted(set(gaps))
        return self._cache[key]

    def wards(self, ind: Indicator) -> UnitTable:
        key = ("wards", ind.id)
        if key not in self._cache:
            self._cache[key] = ward_table(
                self.wh, self.area, ind, self.period, self.baseline, alpha=self.alpha
            )
        return self._cache[key]

    def districts(self, ind: Indicator) -> UnitTable | None:
        if self.force is None:
            return None
        key = ("districts", ind.id)
        if key not in self._cache:
            self._cache[key] = district_table(
                self.wh, self.force, ind, self.period, self.baseline, alpha=self.alpha
            )
        return self._cache[key]

    def denominators(self) -> dict[str, int]:
        if "dens" not in self._cache:
            self._cache["dens"] = engine.denominators(self.wh, self.area)
        return self._cache["dens"]

    # ------------------------------------------------------------------ places

    def place_flags(self, flags: dict | None) -> tuple[ChapterFlags | None, Note | None]:
        """(the flags run a Places chapter shows, None), or (None, why there is none).

        ``flags`` (the spec's ``flags:``) chooses its settings: ``indicators`` (of those,
        the ones held are ranked, and those whose source misses a month of the period
        sit the run out), ``top``, ``min_flags`` and ``measure``; without it, the
        partnership's regular run with the default settings. The run is read, never
        made: building an assessment writes nothing to the warehouse."""
        from saferplaces.places.chapter import chapter_flags, flag_settings

        flags = dict(flags or {})
        key = ("place-flags", repr(sorted(flags.items())))
        if key not in self._cache:
            if flags.get("indicators"):
                # Only those the warehouse holds: the chapter ranks on what there is.
                flags["indicators"] = [
                    i
                    for i in (str(x) for x in flags["indicators"])
                    if self.indicator(i) is not None and self.has_data(self.indicator(i))
                ]
            try:
                settings = flag_settings(self.wh, self.area, self.period, **flags)
                self._cache[key] = (chapter_flags(self.wh, self.area, self.period, settings), None)
            except SaferplacesError as e:
                self._cache[key] = (None, e.note)
        return self._cache[key]

    def _analysis(self, key: tuple, make) -> tuple[object | None, Note | None]:
        if key not in self._cache:
            try:
                self._cache[key] = (make(), None)
            except SaferplacesError as e:
                self._cache[key] = (None, e.note)
        return self._cache[key]

    def hotspots(
        self, ind: Indicator, measure: str = "count"
    ) -> tuple[Hotspots | None, Note | None]:
        """Gi* hot and cold spots among the area's LSOAs, or why there are none."""
        from saferplaces.places.hotspots import hotspots

        return self._analysis(
            ("hotspots", ind.id, measure),
            lambda: hotspots(self.wh, self.area, self.period, ind, measure=measure),
        )

    def concentration(
        self, ind: Indicator, by: str = "location"
    ) -> tuple[Concentration | None, Note | None]:
        from saferplaces.places.concentration import concentration

        return self._analysis(
            ("concentration", ind.id, by),
            lambda: concentration(self.wh, self.area, self.period, ind, by),
        )

    def funnel(
        self, ind: Indicator, reference: str = "district"
    ) -> tuple[Funnel | None, Note | None]:
        from saferplaces.places.funnel import funnel

        return self._analysis(
            ("funnel", ind.id, reference),
            lambda: funnel(self.wh, self.area, self.period, ind, reference=reference),
        )

    def deprivation(self) -> Deprivation:
        from saferplaces.places.deprivation import deprivation

        if "deprivation" not in self._cache:
            self._cache["deprivation"] = deprivation(self.wh, self.area)
        return self._cache["deprivation"]
