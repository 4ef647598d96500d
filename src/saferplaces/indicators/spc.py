"""Monthly series: XmR control charts and the seasonality profile (``methods.md``).

XmR (individuals and moving range) chart of monthly counts:

* centre line = mean of the *baseline* months;
* moving range MRₜ = |xₜ − xₜ₋₁|, and mean(MR) over the baseline months' moving ranges
  (the k − 1 ranges between k consecutive baseline months);
* limits = centre ± 2.66 × mean(MR); from fewer than 12 baseline months they are
  *trial limits* (too few points to settle them), and are labelled so;
* signals, looked for over every month of the chart:
  - **outside**: a point above the upper or below the lower limit;
  - **shift**: 7 or more consecutive points on the same side of the centre line (a point
    exactly on the line ends the run);
  - **trend**: 6 or more consecutive points each higher than the one before (or each
    lower); an equal neighbour ends the run.

Seasonality profile: the mean of each calendar month across the years available, and a
seasonal index = that month's mean / the overall mean of every month in the series.

>>> r = xmr([10, 12, 11, 13, 12, 30], baseline=5)
>>> r.centre, round(r.mean_moving_range, 2), round(r.upper, 2)
(11.6, 1.5, 15.59)
>>> [s.kind for s in r.signals]
['outside']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

XMR_CONSTANT = 2.66
SHIFT_RUN = 7
TREND_RUN = 6
# Limits from fewer baseline points than this are trial limits (methods.md).
SETTLED_POINTS = 12

OUTSIDE = "outside"
SHIFT = "shift"
TREND = "trend"

SIGNAL_LABELS = {
    OUTSIDE: "point outside the control limits",
    SHIFT: f"shift: {SHIFT_RUN} or more points on one side of the centre line",
    TREND: f"trend: {TREND_RUN} or more points rising or falling in a row",
}


@dataclass(frozen=True)
class Signal:
    """One signal: its kind, the direction, and the indices of the points in it."""

    kind: str  # outside | shift | trend
    direction: str  # up | down
    points: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.points[0]

    @property
    def last(self) -> int:
        return self.points[-1]


@dataclass
class XmRResult:
    values: list[float]
    baseline: int  # how many of the first values are baseline months
    centre: float
    moving_ranges: list[float | None]  # None for the first point
    mean_moving_range: float
    upper: float
    lower: float  # may be below zero; counts cannot be: see count_lower
    signals: list[Signal] = field(default_factory=list)

    @property
    def trial(self) -> bool:
        """Whether the limits are trial limits: set from fewer than 12 baseline points."""
        return self.baseline < SETTLED_POINTS

    @property
    def limits_name(self) -> str:
        """What to call the limits: "trial limits" or "control limits"."""
        return "trial limits" if self.trial else "control limits"

    @property
    def count_lower(self) -> float:
        """The lower limit for counts, which cannot fall below zero (as charts draw it)."""
        return max(self.lower, 0.0)

    def flagged(self, length: int | None = None) -> list[set[str]]:
        """For each point, the kinds of signal it is part of; ``length`` pads the list to
        a longer series (months after a gap, where no signal is looked for)."""
        out: list[set[str]] = [set() for _ in range(max(len(self.values), length or 0))]
        for s in self.signals:
            for i in s.points:
                out[i].add(s.kind)
        return out


def moving_ranges(values: Sequence[float]) -> list[float | None]:
    """MRₜ = |xₜ − xₜ₋₁|; the first point has none."""
    return [None] + [abs(values[i] - values[i - 1]) for i in range(1, len(values))]


def _runs(keys: Sequence[int], minimum: int) -> list[tuple[int, int, int]]:
    """(start, end, key) of maximal runs of equal non-zero keys at least ``minimum`` long."""
    out = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] != 0 and i - start >= minimum:
                out.append((start, i - 1, keys[start]))
            start = i
    return out


def find_signals(
    values: Sequence[float], centre: float, upper: float, lower: float
) -> list[Signal]:
    """The outside, shift and trend signals in ``values`` (see the module docstring)."""
    signals = [
        Signal(OUTSIDE, "up" if v > upper else "down", (i,))
        for i, v in enumerate(values)
        if v > upper or v < lower
    ]
    sides = [1 if v > centre else (-1 if v < centre else 0) for v in values]
    for start, end, key in _runs(sides, SHIFT_RUN):
        signals.append(Signal(SHIFT, "up" if key > 0 else "down", tuple(range(start, end + 1))))
    # Steps between neighbours: a trend of k points is a run of k − 1 equal-signed steps.
    steps = [
        1 if values[i] > values[i - 1] else (-1 if values[i] < values[i - 1] else 0)
        for i in range(1, len(values))
    ]
    for start, end, key in _runs(steps, TREND_RUN - 1):
        signals.append(Signal(TREND, "up" if key > 0 else "down", tuple(range(start, end + 2))))
    return sorted(signals, key=lambda s: (s.first, s.kind))


def xmr(values: Sequence[float], baseline: int | None = None) -> XmRResult:
    """XmR chart of ``values``; the first ``baseline`` values set the centre and limits.

    ``baseline`` defaults to every value. At least two baseline values are needed for a
    moving range.
    """
    vals = [float(v) for v in values]
    k = len(vals) if baseline is None else baseline
    if k < 2 or k > len(vals):
        raise ValueError(f"an XmR chart needs 2 to {len(vals)} baseline values, got {k}")
    centre = sum(vals[:k]) / k
    mrs = moving_ranges(vals)
    base_mr = [m for m in mrs[1:k] if m is not None]
    mr_bar = sum(base_mr) / len(base_mr)
    upper = centre + XMR_CONSTANT * mr_bar
    lower = centre - XMR_CONSTANT * mr_bar
    return XmRResult(
        values=vals,
        baseline=k,
        centre=centre,
        moving_ranges=mrs,
        mean_moving_range=mr_bar,
        upper=upper,
        lower=lower,
        signals=find_signals(vals, centre, upper, lower),
    )


def control_chart(values: Sequence[float | None], baseline: int) -> XmRResult | None:
    """XmR chart of a monthly series in which a month not held is ``None``.

    The centre and limits come from the first ``baseline`` months, so they are drawn only
    when every one of those is held (and there are at least two). A gap after them
    leaves the limits standing; signals are looked for only in the months before the
    first gap. ``None`` when no limits can be drawn.

    >>> control_chart([10, 12, 11, None, 30], baseline=3).upper
    14.99
    >>> control_chart([10, None, 11, 12], baseline=3) is None
    True
    """
    first_gap = next((i for i, v in enumerate(values) if v is None), len(values))
    if baseline < 2 or first_gap < baseline:
        return None
    return xmr([float(v) for v in values[:first_gap]], baseline=baseline)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SeasonalMonth:
    month: int  # 1..12
    years: int  # how many years contributed
    mean: float | None
    index: float | None


def seasonality(series: Sequence[tuple[str, float]]) -> list[SeasonalMonth]:
    """Mean of each calendar month over the years in ``series`` ([("YYYY-MM", n)]) and the
    seasonal index (month mean / mean of every month in the series).

    >>> s = seasonality([("2024-01", 10), ("2025-01", 20), ("2024-02", 30), ("2025-02", 40)])
    >>> [(m.month, m.mean, m.index) for m in s[:2]]
    [(1, 15.0, 0.6), (2, 35.0, 1.4)]
    """
    by_month: dict[int, list[float]] = {m: [] for m in range(1, 13)}
    for label, n in series:
        by_month[int(label[5:7])].append(float(n))
    everything = [v for vs in by_month.values() for v in vs]
    overall = sum(everything) / len(everything) if everything else None
    out = []
    for m in range(1, 13):
        vs = by_month[m]
        mean = sum(vs) / len(vs) if vs else None
        index = mean / overall if mean is not None and overall else None
        out.append(SeasonalMonth(m, len(vs), mean, index))
    return out
