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
seasonal index computed on the *detrended* series, so a steady rise is not read as a
season: each month is divided by its centred 12-month moving average (the 2×12 average:
the 13 months from six before to six after, the two ends weighted 1/24 and the 11 between
1/12), and a calendar month's index is the mean of its ratios over the mean of every
ratio. A month's ratio needs all 13 months around it held; with under 24 months held
there is no index.

>>> r = xmr([10, 12, 11, 13, 12, 30], baseline=5)
>>> r.centre, round(r.mean_moving_range, 2), round(r.upper, 2)
(11.6, 1.5, 15.59)
>>> [s.kind for s in r.signals]
['outside']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from saferplaces.core.periods import month_index

XMR_CONSTANT = 2.66
SHIFT_RUN = 7
TREND_RUN = 6
# Limits from fewer baseline points than this are trial limits (methods.md).
SETTLED_POINTS = 12
# Fewer months held than this give no seasonal index (methods.md).
SEASONAL_INDEX_MONTHS = 24

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


def centred_moving_average(series: Sequence[tuple[str, float]]) -> dict[str, float]:
    """The centred 12-month (2×12) moving average of each month of ``series``
    ([("YYYY-MM", n)]) that has all six months before and six after it held.

    >>> cma = centred_moving_average([(f"2024-{m:02d}", 10.0) for m in range(1, 13)]
    ...     + [(f"2025-{m:02d}", 10.0) for m in range(1, 2)])
    >>> cma
    {'2024-07': 10.0}
    """
    by_index = {month_index(label): float(n) for label, n in series}
    out = {}
    for label, _ in series:
        i = month_index(label)
        window = [by_index.get(i + k) for k in range(-6, 7)]
        if any(v is None for v in window):
            continue
        ends = (window[0] + window[-1]) / 24  # type: ignore[operator]
        out[label] = ends + sum(window[1:-1]) / 12  # type: ignore[arg-type]
    return out


def seasonality(series: Sequence[tuple[str, float]]) -> list[SeasonalMonth]:
    """Mean of each calendar month over the years in ``series`` ([("YYYY-MM", n)]) and the
    seasonal index on the detrended series (see the module docstring); the index is None
    for every month when fewer than 24 months are held, and for a calendar month with no
    month that has a full moving-average window.

    A steady rise with no season has an index of 1.00 in every month, though its raw
    December mean is its highest:

    >>> rising = [(f"{2024 + i // 12}-{i % 12 + 1:02d}", 100 + 2 * i) for i in range(24)]
    >>> s = seasonality(rising)
    >>> (s[11].mean, s[0].mean, {round(m.index, 6) for m in s})
    (134.0, 112.0, {1.0})
    """
    by_month: dict[int, list[float]] = {m: [] for m in range(1, 13)}
    for label, n in series:
        by_month[int(label[5:7])].append(float(n))
    ratios: dict[int, list[float]] = {m: [] for m in range(1, 13)}
    if len(series) >= SEASONAL_INDEX_MONTHS:
        values = dict(series)
        for label, average in centred_moving_average(series).items():
            if average > 0:
                ratios[int(label[5:7])].append(float(values[label]) / average)
    every = [r for rs in ratios.values() for r in rs]
    overall = sum(every) / len(every) if every else None
    out = []
    for m in range(1, 13):
        vs, rs = by_month[m], ratios[m]
        mean = sum(vs) / len(vs) if vs else None
        index = sum(rs) / len(rs) / overall if rs and overall else None
        out.append(SeasonalMonth(m, len(vs), mean, index))
    return out
