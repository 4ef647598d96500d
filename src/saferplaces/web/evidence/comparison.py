"""Which figures on an evidence page may be compared, and the warning that says why not.

``methods.md``: a period with months missing from a source is reported as incomplete for
that source and never silently compared. The library already leaves such rows
unclassified; this module tells the page, row by row, whether a row is compared (both
periods complete for its source) and whether its own period is complete, and writes the
warnings shown at the top of the page, before any figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.core.periods import Period, month_index
from saferplaces.geography.areas import Area
from saferplaces.indicators.registry import get_indicator
from saferplaces.quality.coverage import SOURCE_LABELS, Coverage, coverage
from saferplaces.warehouse.connection import Warehouse


def month_runs(months: list[str]) -> str:
    """``2026-01, 2026-02, 2026-03, 2026-06`` as ``January 2026 to March 2026, June 2026``."""
    idx = sorted(month_index(m) for m in months)
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return ", ".join(Period(a, b).label for a, b in runs)


@dataclass
class SourceCompleteness:
    source: str
    label: str
    period: Coverage
    baseline: Coverage

    @property
    def compared(self) -> bool:
        return self.period.complete and self.baseline.complete

    @property
    def held_note(self) -> str:
        """For a column heading: ``9 of 12 months held`` (empty when complete)."""
        p = self.period.period
        if self.period.complete:
            return ""
        return f"{p.months - len(self.period.missing)} of {p.months} months held"

    def warnings(self) -> list[str]:
        out = []
        p, b = self.period, self.baseline
        if not p.complete:
            out.append(
                f"{self.label}: the period {p.period.label} is incomplete. "
                + self._missing(p)
                + " Its counts and rates cover only the months held, and nothing is compared."
            )
        if not b.complete:
            out.append(f"{self.label}: not compared with {b.period.label}. " + self._missing(b))
        return out

    @staticmethod
    def _missing(c: Coverage) -> str:
        n, months = len(c.missing), c.period.months
        if n == months:
            return f"No {SOURCE_LABELS.get(c.source, c.source)} months are held for it."
        return f"{n} of the {months} months are not held ({month_runs(list(c.missing))})."


@dataclass
class Completeness:
    """Per indicator source: whether the period and the baseline are held in full."""

    sources: dict[str, SourceCompleteness] = field(default_factory=dict)

    def for_indicator(self, indicator_id: str) -> SourceCompleteness:
        return self.sources[get_indicator(indicator_id).source]

    def compared(self, indicator_id: str) -> bool:
        return self.for_indicator(indicator_id).compared

    def warnings(self) -> list[str]:
        return [w for s in self.sources.values() for w in s.warnings()]


def completeness(
    wh: Warehouse, area: Area, period: Period, baseline: Period, indicator_ids: list[str]
) -> Completeness:
    """What the warehouse holds of ``period`` and ``baseline`` for each source of the
    indicators shown (through the coverage rule each source registered)."""
    out = Completeness()
    for ident in indicator_ids:
        source = get_indicator(ident).source
        if source in out.sources:
            continue
        out.sources[source] = SourceCompleteness(
            source,
            SOURCE_LABELS.get(source, source),
            coverage(wh, source, area, period),
            coverage(wh, source, area, baseline),
        )
    return out


@dataclass
class RowView:
    """A table row with whether it is compared and whether its period is complete."""

    row: object
    compared: bool
    complete: bool

    def __getattr__(self, name):  # the template reads the row's fields through this
        return getattr(self.row, name)


def row_views(rows, done: Completeness, key=lambda r: r.indicator_id) -> list[RowView]:
    out = []
    for r in rows:
        s = done.for_indicator(key(r))
        out.append(RowView(r, s.compared, s.period.complete))
    return out
