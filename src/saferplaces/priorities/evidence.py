"""Candidate issues from the evidence, and the figures that propose their scores.

A candidate is one indicator the area holds (every police.uk crime type and anti-social
behaviour, then each agency indicator held for the area), or a *group* of indicators
counted together ("Acquisitive crime" = vehicle crime + bicycle theft + ...), or an
issue the partnership adds with no indicator ("County lines", "Scams"), which the
evidence proposes nothing for. Totals (all crime), weighted sums (harm) and proportions
(completion rates) are measures, not issues, and are not candidates.

Counts come from the counting engine, exactly as in the indicator table: the area's
count in the period and the baseline, the force area's count in the period (with the
force's records that have no usable location, as the force area's own indicator
table totals it), and the denominators of each. A group's counts are the sums
of its indicators' counts, so its indicators must share a source (one coverage) and a
denominator (one rate).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.core.settings import alpha as default_alpha
from saferplaces.geography.areas import Area, force_of
from saferplaces.indicators import engine
from saferplaces.indicators.change import compare_counts
from saferplaces.indicators.registry import Indicator, get_indicator, headline_indicators, slug
from saferplaces.indicators.stats import NOT_COMPARED, rate_per_1000
from saferplaces.places.harm import harm_weights
from saferplaces.priorities.proposals import Proposal, harm_score, trend_score, volume_score
from saferplaces.quality.coverage import coverage
from saferplaces.sources.agency.indicators import agency_indicators
from saferplaces.sources.police_uk.coverage import police_forces_for
from saferplaces.warehouse.connection import Warehouse

GROUP_JOIN = "+"


@dataclass(frozen=True)
class Candidate:
    """An issue to score: its name and the indicators that are its evidence (none for an
    issue the partnership adds)."""

    name: str
    indicators: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return slug(self.name)

    @property
    def added(self) -> bool:
        return not self.indicators

    @property
    def kind(self) -> str:
        return "added" if self.added else "group" if len(self.indicators) > 1 else "indicator"


def _is_issue(ind: Indicator) -> bool:
    return not (ind.total or ind.weighted or ind.is_proportion)


def candidates(wh: Warehouse, area: Area) -> list[Candidate]:
    """One candidate per indicator the area holds, police.uk first, in the registry's
    order (the indicator table's)."""
    inds = [*headline_indicators(), *agency_indicators(wh, area.level, area)]
    return [Candidate(i.name, (i.id,)) for i in inds if _is_issue(i)]


def group(name: str, indicators: list[str]) -> Candidate:
    """A candidate counting several indicators together; they must share a source and a
    denominator so the sum has one coverage and one rate."""
    inds = [get_indicator(i) for i in indicators]
    if not name.strip():
        raise SaferplacesError("a group of indicators needs a name")
    bad = [i.name for i in inds if not _is_issue(i)]
    if bad:
        raise SaferplacesError(
            f"{', '.join(bad)}: a total, weighted sum or proportion cannot be part of an issue"
        )
    if len({i.source for i in inds}) > 1 or len({i.denominator for i in inds}) > 1:
        raise SaferplacesError(
            f"{name}: the indicators of a group must come from one source and share a "
            f"denominator, so their sum has one coverage and one rate; got "
            + ", ".join(f"{i.name} ({i.source}, per {i.denominator or 'nothing'})" for i in inds)
        )
    return Candidate(name.strip(), tuple(dict.fromkeys(i.id for i in inds)))


def resolve(text: str, known: list[Candidate]) -> tuple[Candidate, str | None]:
    """The candidate a workshop sheet's issue names: a candidate by name, an indicator by
    id, name or alias, indicators joined with ``+`` (a group named as written), or else
    an issue the partnership adds. The second value is a note when the name is close
    to a candidate's (a misspelling would otherwise become an issue of its own)."""
    name = " ".join(text.split())
    by_key = {c.key: c for c in known}
    if slug(name) in by_key:
        return by_key[slug(name)], None
    if GROUP_JOIN in name:
        parts = [p.strip() for p in name.split(GROUP_JOIN)]
        return group(name, parts), None
    try:
        ind = get_indicator(name)
    except SaferplacesError:
        ind = None
    if ind is not None and _is_issue(ind):
        found = next((c for c in known if c.indicators == (ind.id,)), None)
        return found or Candidate(ind.name, (ind.id,)), None
    close = difflib.get_close_matches(name.casefold(), [c.name.casefold() for c in known], n=1)
    note = None
    if close:
        like = next(c.name for c in known if c.name.casefold() == close[0])
        note = (
            f"{name!r} is not an issue in the evidence: scored as an issue the partnership "
            f"adds (did you mean {like!r}?)"
        )
    return Candidate(name), note


def propose(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period,
    issues: list[Candidate],
    *,
    alpha: float | None = None,
) -> dict[str, Proposal]:
    """{candidate key: what the evidence proposes, with the figures}."""
    a = default_alpha() if alpha is None else alpha
    force = force_of(wh, area)
    if force == area:
        force = None
    inds = list({i: get_indicator(i) for c in issues for i in c.indicators}.values())
    # One query per kind of location for every indicator of every issue, as the table.
    ctx = _Context(
        area=area,
        force=force,
        period=period,
        baseline=baseline,
        alpha=a,
        counts=engine.area_counts_many(wh, inds, area, [period, baseline]) if inds else {},
        force_counts=engine.area_counts_many(wh, inds, force, [period]) if inds and force else {},
        dens=engine.denominators(wh, area),
        force_dens=engine.denominators(wh, force) if force else {},
        complete={
            src: all(coverage(wh, src, area, p).complete for p in (period, baseline))
            for src in {i.source for i in inds}
        },
        force_complete={
            src: coverage(wh, src, force, period).complete for src in {i.source for i in inds}
        }
        if force
        else {},
        weights=harm_weights(wh, (police_forces_for(wh, area) or [None])[0]),
    )
    out: dict[str, Proposal] = {}
    for c in issues:
        if c.added:
            out[c.key] = Proposal(notes=["an issue the partnership added, with no indicator"])
        else:
            out[c.key] = _propose_one(ctx, c)
    return out


@dataclass
class _Context:
    area: Area
    force: Area | None
    period: Period
    baseline: Period
    alpha: float
    counts: dict[str, list]
    force_counts: dict[str, list]
    dens: dict[str, int]
    force_dens: dict[str, int]
    complete: dict[str, bool]
    force_complete: dict[str, bool]
    weights: dict[str, float]


def _propose_one(x: _Context, c: Candidate) -> Proposal:
    inds = [get_indicator(i) for i in c.indicators]
    ind = inds[0]
    period, baseline = x.period, x.baseline
    prop = Proposal()
    x1, x0 = (sum(x.counts[i.id][k] for i in inds) for k in (0, 1))
    complete = x.complete[ind.source]
    # The one comparison every table makes (indicators.change): over unequal periods the
    # direction is that of the counts per month.
    ch = compare_counts(
        x1, x0, t1=period.months, t0=baseline.months, compare=complete, alpha=x.alpha
    )
    p_value, classification = ch.p_value, ch.classification
    prop.trend = trend_score(classification, x1, x0, period.months, baseline.months)
    den = x.dens.get(ind.denominator) if ind.denominator else None
    ev: dict = {
        "indicators": list(c.indicators),
        "source": ind.source,
        "count": x1,
        "baseline_count": x0,
        "change": x1 - x0,
        "change_pct": ch.change_pct,
        "p_value": p_value,
        "classification": classification,
        "alpha": x.alpha,
        "period": period.spec,
        "baseline": baseline.spec,
        "per": ind.denominator,
        "denominator": den,
        "rate_per_1000": rate_per_1000(x1, den) if den else None,
    }
    if classification == NOT_COMPARED:
        prop.notes.append(
            f"Trend not proposed: {ind.source} does not hold every month of {period.label} "
            f"and {baseline.label}."
        )
    if not den:
        prop.notes.append(f"Volume not proposed: {ind.name} has no denominator, so no rate.")
    elif x.force is None:
        prop.notes.append("Volume not proposed: the area is not inside one police force area.")
    else:
        fx = sum(x.force_counts[i.id][0] for i in inds)
        fden = x.force_dens.get(ind.denominator)
        ev |= {
            "force": x.force.name,
            "force_count": fx,
            "force_denominator": fden,
            "force_rate_per_1000": rate_per_1000(fx, fden) if fden else None,
        }
        if not x.force_complete[ind.source]:
            prop.notes.append(
                f"Volume not proposed: {ind.source} does not hold every month of "
                f"{period.label} for {x.force.name}."
            )
        elif fx and fden:
            ratio = Fraction(x1 * fden, den * fx)
            ev["ratio_to_force"] = float(ratio)
            prop.volume = volume_score(ratio)
        else:
            prop.notes.append(f"Volume not proposed: {x.force.name} recorded none in the period.")
    if all(i.source == "police-uk" and i.name in x.weights for i in inds):
        # The average offence of the issue: its harm over its count in the period (with
        # none in the period, the types' plain average).
        w = x.weights
        days = (
            sum(x.counts[i.id][0] * w[i.name] for i in inds) / x1
            if x1
            else sum(w[i.name] for i in inds) / len(inds)
        )
        ev["harm_days_per_offence"] = days
        prop.harm = harm_score(days)
    else:
        prop.notes.append("Harm not proposed: no harm index weight applies to it.")
    prop.evidence = ev
    return prop
