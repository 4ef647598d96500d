"""The domestic abuse quarterly performance report: IDVA referrals by district and service
strand for each quarter of a financial year, the year's total and the previous year's,
MARAC cases and police domestic abuse incidents and crimes, and the change against the
same quarter last year with the exact test.

The quarters are those of the financial year: Q1 is April to June, Q4 January to March.
An IDVA row counts in its district's row (when the district is in the area), in its
service's row (when it names a service) and in the totals once, so a row for a service
with no district is in the totals but in no district. Rows with no district are the
service's whole caseload as reported; they are counted for an area larger than one
district (a CSP of several districts, a county, a force) and left out, with a note, for a
single district, which cannot claim them.

Engagement and repeat rates are percentages of the year's referrals (of the rows that
give them), not shown on a base under 10 (``methods.md``). A change is tested with the
project's two-count test, the exact conditional test (:func:`~saferplaces.indicators.stats.c_test`).

>>> quarter_of(2020, date(2020, 10, 1)), quarter_of(2020, date(2021, 2, 1))
('Q3', 'Q4')
>>> financial_year("2020/21"), financial_year("2020-21")
(2020, 2020)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.disclosure.policy import MIN_PERCENT_BASE
from saferplaces.geography.areas import Area
from saferplaces.indicators.engine import area_counts_many, has_data
from saferplaces.indicators.registry import get_indicator
from saferplaces.indicators.stats import c_test, change_pct, classify
from saferplaces.quality.coverage import coverage
from saferplaces.quarterly import queries as q
from saferplaces.sources.agency import queries as agency_q

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
QUARTER_MONTHS = {
    "Q1": "April to June",
    "Q2": "July to September",
    "Q3": "October to December",
    "Q4": "January to March",
}
LEVELS = ("district", "csp", "county", "force")

# The other measures of the report, counted by the engine from their sources' indicators.
OTHER_MEASURES = (
    ("marac-cases", "MARAC cases"),
    ("marac-repeat-cases", "MARAC repeat cases"),
    ("domestic-abuse-incidents", "Police domestic abuse incidents"),
    ("domestic-abuse-crimes", "Police domestic abuse crimes"),
)

_FY = re.compile(r"^(\d{4})[/-](\d{2})$")


class ReportError(SaferplacesError):
    """A report asked for something it cannot give (a period that is not a year...)."""


def financial_year(text: str) -> int:
    """The first calendar year of a financial year written ``2020/21`` (or ``2020-21``)."""
    m = _FY.match(text.strip())
    if not m or int(m[2]) != (int(m[1]) + 1) % 100:
        raise ReportError(
            f"period {text!r} is not a financial year; write it like 2020/21 (April 2020 "
            "to March 2021)"
        )
    return int(m[1])


def year_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def quarter_period(start: int, quarter: str) -> Period:
    i = QUARTERS.index(quarter)
    first = start * 12 + 3 + 3 * i  # month index of the quarter's April, July...
    return Period(first, first + 2)


def quarter_of(start: int, month: date) -> str | None:
    """The quarter of financial year ``start`` that ``month`` falls in, or None."""
    i = month.year * 12 + month.month - 1 - (start * 12 + 3)
    return QUARTERS[i // 3] if 0 <= i < 12 else None


def quarter_label(start: int, quarter: str) -> str:
    """``Q3 (October to December 2020)``."""
    p = quarter_period(start, quarter)
    y0, y1 = p.first // 12, p.last // 12
    months = QUARTER_MONTHS[quarter]
    first, last = months.split(" to ")
    span = f"{first} {y0} to {last} {y1}" if y0 != y1 else f"{months} {y1}"
    return f"{quarter} ({span})"


def percent(part: int | None, base: int) -> float | None:
    """100·part/base to one decimal place, or None on a base under 10."""
    if part is None or base < MIN_PERCENT_BASE:
        return None
    return round(100.0 * part / base, 1)


# ------------------------------------------------------------------------- IDVA table


@dataclass
class Row:
    """One row of the IDVA table: a district or a service strand."""

    label: str
    kind: str  # district | service
    quarters: dict[str, int | None]
    engaged: int = 0
    engaged_base: int = 0  # referrals of the rows that say how many engaged
    repeats: int = 0
    repeats_base: int = 0
    code: str | None = None  # the district's code

    @property
    def total(self) -> int | None:
        """The quarters held added up; None when the source holds none of them."""
        held = [v for v in self.quarters.values() if v is not None]
        return sum(held) if held else None

    @property
    def engagement_rate(self) -> float | None:
        return percent(self.engaged, self.engaged_base) if self.engaged_base else None

    @property
    def repeat_rate(self) -> float | None:
        return percent(self.repeats, self.repeats_base) if self.repeats_base else None

    def add(self, quarter: str, row: dict[str, Any]) -> None:
        n = row["referrals"] or 0
        self.quarters[quarter] = (self.quarters[quarter] or 0) + n
        if row["engaged"] is not None:
            self.engaged += row["engaged"]
            self.engaged_base += n
        if row["repeats"] is not None:
            self.repeats += row["repeats"]
            self.repeats_base += n

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "quarters": dict(self.quarters),
            "total": self.total,
            "engagement_rate": self.engagement_rate,
            "repeat_rate": self.repeat_rate,
        }


@dataclass
class YearTable:
    """A financial year's IDVA referrals: the rows, the totals (every input row once)
    and which quarters the source holds at all (a quarter not yet reported is None)."""

    start: int
    rows: list[Row]
    total: Row
    held: dict[str, bool]
    notes: list[str] = field(default_factory=list)

    @property
    def year(self) -> str:
        return year_label(self.start)

    @property
    def totals(self) -> dict[str, int | None]:
        return {**self.total.quarters, "total": self.total.total}

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "rows": [r.to_dict() for r in self.rows],
            "totals": self.totals,
        }


def idva_year(wh, area: Area, start: int) -> YearTable:
    """The IDVA table of financial year ``start`` for ``area``."""
    first, last = date(start, 4, 1), date(start + 1, 3, 1)
    found = q.idva_rows(wh, first, last)
    districts = agency_q.area_districts(wh, area)
    names = agency_q.district_names(wh)
    whole_area = len(districts) > 1  # may claim the rows that name no district
    held = dict.fromkeys(QUARTERS, False)
    for r in found:
        held[quarter_of(start, r["month"])] = True
    empty = {k: (0 if held[k] else None) for k in QUARTERS}
    total = Row("Total", "total", dict(empty))
    by_key: dict[tuple[str, str], Row] = {}
    spanning = unplaced_left_out = 0
    for r in found:
        quarter = quarter_of(start, r["month"])
        if quarter_of(start, r["month_end"]) != quarter:
            spanning += 1  # a row for a half year or the whole year fits no quarter
            continue
        district = r["district"] if r["district"] in districts else None
        if district is None and r["district"] is not None:
            continue  # another area's district
        if district is None and not whole_area:
            unplaced_left_out += r["referrals"] or 0
            continue
        if district is not None:
            key = ("district", district)
            if key not in by_key:
                by_key[key] = Row(
                    names.get(district, district), "district", dict(empty), code=district
                )
            by_key[key].add(quarter, r)
        if r["service"]:
            key = ("service", r["service"].casefold())
            if key not in by_key:
                by_key[key] = Row(r["service"], "service", dict(empty))
            by_key[key].add(quarter, r)
        total.add(quarter, r)
    rows = sorted(by_key.values(), key=lambda x: (x.kind != "district", x.label.casefold()))
    notes = []
    if spanning:
        notes.append(
            f"{spanning} IDVA row(s) of {year_label(start)} cover more than one quarter and are "
            "in no quarter or total here."
        )
    if unplaced_left_out:
        notes.append(
            f"{unplaced_left_out:,} referral(s) of {year_label(start)} to services recorded "
            f"with no district are not in {area.name}'s figures: a single district cannot "
            "claim them."
        )
    return YearTable(start, rows, total, held, notes)


# ----------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    """A count against the same quarters of the year before, with the exact test."""

    label: str  # "Q3 (October to December 2020)", "the year so far (Q1 to Q3)"
    quarters: tuple[str, ...]
    count: int
    previous: int
    change_pct: float | None
    p_value: float
    classification: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "quarters": list(self.quarters),
            "count": self.count,
            "previous": self.previous,
            "change_pct": None if self.change_pct is None else round(self.change_pct, 1),
            "p_value": self.p_value,
            "classification": self.classification,
        }


def _change(label: str, quarters: tuple[str, ...], x1: int, x0: int) -> Change:
    p = c_test(x1, x0)
    return Change(label, quarters, x1, x0, change_pct(x1, x0), p, classify(p, x1, x0))


def changes(this: YearTable, last: YearTable) -> list[Change]:
    """Each quarter held in both years against the same quarter last year, then the
    quarters held so far against the same quarters last year (when more than one)."""
    both = [k for k in QUARTERS if this.held[k] and last.held[k]]
    out = [
        _change(
            quarter_label(this.start, k),
            (k,),
            this.total.quarters[k] or 0,
            last.total.quarters[k] or 0,
        )
        for k in both
    ]
    if len(both) > 1:
        label = "the year" if len(both) == 4 else f"the year so far ({both[0]} to {both[-1]})"
        out.append(
            _change(
                label,
                tuple(both),
                sum(this.total.quarters[k] or 0 for k in both),
                sum(last.total.quarters[k] or 0 for k in both),
            )
        )
    return out


# ----------------------------------------------------------- MARAC and police figures


@dataclass
class Measure:
    """A count by quarter from one indicator, the year so far and last year's total."""

    id: str
    label: str
    source: str
    quarters: dict[str, int | None]
    previous_quarters: dict[str, int | None]

    @property
    def total(self) -> int | None:
        held = [v for v in self.quarters.values() if v is not None]
        return sum(held) if held else None

    @property
    def previous_total(self) -> int | None:
        held = [v for v in self.previous_quarters.values() if v is not None]
        return sum(held) if held else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "quarters": dict(self.quarters),
            "total": self.total,
            "previous_year": {
                "quarters": dict(self.previous_quarters),
                "total": self.previous_total,
            },
        }


def other_measures(wh, area: Area, start: int) -> list[Measure]:
    """MARAC cases and police domestic abuse incidents and crimes, where held."""
    out = []
    for ident, label in OTHER_MEASURES:
        ind = get_indicator(ident)
        if not has_data(wh, ind):
            continue
        periods = {(y, k): quarter_period(y, k) for y in (start, start - 1) for k in QUARTERS}
        counts = dict(
            zip(
                periods,
                area_counts_many(wh, [ind], area, list(periods.values()))[ind.id],
                strict=True,
            )
        )
        held = {key: coverage(wh, ind.source, area, p).complete for key, p in periods.items()}
        out.append(
            Measure(
                ident,
                label,
                ind.source,
                {k: counts[(start, k)] if held[(start, k)] else None for k in QUARTERS},
                {k: counts[(start - 1, k)] if held[(start - 1, k)] else None for k in QUARTERS},
            )
        )
    return out


# ------------------------------------------------------------------------------ report


@dataclass
class DomesticAbuseReport:
    area: Area
    this_year: YearTable
    last_year: YearTable
    changes: list[Change]
    measures: list[Measure]
    illustrative: bool = False

    @property
    def year(self) -> str:
        return self.this_year.year

    @property
    def latest_quarter(self) -> str | None:
        held = [k for k in QUARTERS if self.this_year.held[k]]
        return held[-1] if held else None

    @property
    def notes(self) -> list[str]:
        return self.this_year.notes + self.last_year.notes

    def to_dict(self) -> dict[str, Any]:
        """The issue's JSON: ``year``, ``rows``, ``totals``; then the previous year in the
        same shape, the changes, MARAC and police figures and the drafted sentences."""
        return {
            **self.this_year.to_dict(),
            "area": self.area.to_dict(),
            "previous_year": self.last_year.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "other": [m.to_dict() for m in self.measures],
            "sentences": sentences(self),
            "notes": self.notes,
            "illustrative": self.illustrative,
        }


def build_report(wh, area: Area, start: int) -> DomesticAbuseReport:
    """The report of financial year ``start`` (2020 for 2020/21) for ``area``."""
    if area.level not in LEVELS:
        raise ReportError(
            f"{area.name} is a {area.level}; the domestic abuse report is for a district, "
            "CSP, county or force"
        )
    this, last = idva_year(wh, area, start), idva_year(wh, area, start - 1)
    measures = other_measures(wh, area, start)
    sources = ["idva", *{m.source for m in measures}]
    illustrative = bool(agency_q.illustrative_sources(wh, sources))
    return DomesticAbuseReport(area, this, last, changes(this, last), measures, illustrative)


# -------------------------------------------------------------------------- sentences


def _n(v: int, small: bool) -> str:
    return "fewer than 5" if small and 1 <= v <= 4 else f"{v:,}"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _change_words(c: Change) -> str:
    if c.change_pct is None:
        return "too few last year for a percentage change"
    if round(c.change_pct) == 0:
        return "level with"
    return f"{'up' if c.change_pct > 0 else 'down'} {abs(c.change_pct):.0f}% on"


def _verdict(c: Change) -> str:
    return {
        "significant increase": "a significant increase",
        "significant decrease": "a significant decrease",
    }.get(c.classification, "not a significant change")


def sentences(report: DomesticAbuseReport, *, public: bool = False) -> list[str]:
    """The key changes, drafted for the analyst to edit. ``public`` words a count from 1
    to 4 as "fewer than 5" and leaves out percentages calculated from one."""
    out: list[str] = []
    this, last = report.this_year, report.last_year
    latest = report.latest_quarter
    if latest is None:
        return [f"No IDVA referrals are held for {this.year}.", *_measure_sentences(report, public)]
    by_quarter = {c.quarters: c for c in report.changes}
    c = by_quarter.get((latest,))
    n = this.total.quarters[latest] or 0
    if c is None:
        out.append(
            f"IDVA referrals in {quarter_label(this.start, latest)}: {_n(n, public)} "
            f"({last.year} is not held for the same quarter)."
        )
    else:
        hide = public and (1 <= c.count <= 4 or 1 <= c.previous <= 4)
        words = "" if hide else f", {_change_words(c)} the same quarter last year"
        out.append(
            f"IDVA referrals in {c.label} were {_n(c.count, public)}{words} "
            f"({_n(c.previous, public)}); {_verdict(c)} (exact test, {_p(c.p_value)})."
        )
    so_far = next((x for x in report.changes if len(x.quarters) > 1), None)
    if so_far is not None:
        hide = public and (1 <= so_far.count <= 4 or 1 <= so_far.previous <= 4)
        pct = "" if hide or so_far.change_pct is None else f", {so_far.change_pct:+.0f}%"
        out.append(
            f"In {so_far.label} of {this.year}: {_n(so_far.count, public)} referrals against "
            f"{_n(so_far.previous, public)} in the same quarters of {last.year}{pct}; "
            f"{_verdict(so_far)} (exact test, {_p(so_far.p_value)})."
        )
    t = this.total
    if t.engagement_rate is not None or t.repeat_rate is not None:
        parts = []
        if t.engagement_rate is not None:
            parts.append(f"{t.engagement_rate:.0f}% engaged with the service")
        if t.repeat_rate is not None:
            parts.append(f"{t.repeat_rate:.0f}% were repeat referrals")
        before = [
            f"{v:.0f}%"
            for v in (last.total.engagement_rate, last.total.repeat_rate)
            if v is not None
        ]
        out.append(
            f"Of the year's referrals{' so far' if report.latest_quarter != 'Q4' else ''}, "
            f"{' and '.join(parts)}"
            + (f" ({last.year}: {' and '.join(before)})." if before else ".")
        )
    busiest = max(
        (r for r in this.rows if r.kind == "district"),
        key=lambda r: r.quarters[latest] or 0,
        default=None,
    )
    if busiest is not None and (busiest.quarters[latest] or 0) > 0:
        out.append(
            f"Of the districts, {busiest.label} had the most referrals in {latest} "
            f"({_n(busiest.quarters[latest] or 0, public)})."
        )
    out += _measure_sentences(report, public)
    missing = [k for k in QUARTERS if not this.held[k]]
    if missing:
        out.append(
            f"{', '.join(missing)} of {this.year} {'is' if len(missing) == 1 else 'are'} "
            "not yet reported."
        )
    return out


def _measure_sentences(report: DomesticAbuseReport, public: bool) -> list[str]:
    """One sentence for each MARAC or police measure: its latest quarter held, the year so
    far and last year's total."""
    out = []
    for m in report.measures:
        held = [k for k in QUARTERS if m.quarters[k] is not None]
        if not held:
            continue
        k = held[-1]
        prev = m.previous_total
        before = f" ({report.last_year.year}: {_n(prev, public)})" if prev else ""
        out.append(
            f"{m.label}: {_n(m.quarters[k] or 0, public)} in {k}, "
            f"{_n(m.total or 0, public)} so far in {report.year}{before}."
        )
    return out
