"""The problem-solving plan as a ``Document`` (rendered by the shared renderer): the
objective, the scanning that put the place on the list, the analysis with its trend
chart and busiest places, the response (actions of the plan, with their money), and the
assessment. Marked restricted: plans are for the partnership's members."""

from __future__ import annotations

from dataclasses import dataclass, field

from saferplaces.core.periods import Period
from saferplaces.document.model import (
    Callout,
    Cell,
    Column,
    DetailsBox,
    Document,
    Figure,
    LineChart,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Series,
    Table,
)
from saferplaces.problems.analysis import Analysis
from saferplaces.problems.assessment import Assessment
from saferplaces.problems.scanning import Scanning


@dataclass
class ResponseAction:
    number: str
    text: str
    responsible: str
    rag: str
    funding: str


@dataclass
class PlanContent:
    partnership: str
    title: str
    place: str
    status: str
    owner: str
    opened: str
    objective: str
    scanning: Scanning | None
    scanning_notes: str
    analysis: Analysis | None
    triangle: list[tuple[str, str]]  # (side of the problem analysis triangle, notes)
    analysis_notes: str
    response: list[ResponseAction]
    response_notes: str
    assessment: Assessment | None
    assessment_notes: str
    illustrative: bool = False
    notes: list[str] = field(default_factory=list)


def _p(*texts: str) -> Narrative:
    paras = [Paragraph([Run(line)]) for t in texts if t for line in t.split("\n\n") if line]
    return Narrative(paras)


def _t(s: object) -> Cell:
    return Cell(str(s), s)


def _n(v: float | None, fmt: str = "{:,.0f}") -> Cell:
    return Cell("–" if v is None else fmt.format(v), v)


def _scanning(s: Scanning | None, notes: str) -> list:
    if s is None:
        return [_p("Not filled in: no place flags run or hot spot was found.", notes)]
    blocks: list = [_p(f"From {s.source}.")]
    if s.kind == "ward":
        blocks.append(
            _p(
                f"{s.name} is flagged on {s.flag_count} indicator"
                f"{'' if s.flag_count == 1 else 's'}"
                + (f" ({', '.join(s.flags)})" if s.flags else "")
                + f"; category in force: {s.category or 'not listed'}."
            )
        )
        blocks.append(
            Table(
                "scanning",
                f"{s.name}: each indicator against the flag threshold, {s.period}",
                [
                    Column("indicator", "Indicator", row_header=True),
                    Column("count", "Count", "int"),
                    Column("value", "Rate per 1,000", "rate"),
                    Column("threshold", "Threshold", "rate"),
                    Column("rank", "Rank in the district", "int"),
                    Column("flagged", "Flagged"),
                ],
                [
                    [
                        _t(i.name),
                        _n(i.count),
                        _n(i.value, "{:,.2f}"),
                        _n(i.threshold, "{:,.2f}"),
                        _n(i.rank),
                        _t("Yes" if i.flagged else "No"),
                    ]
                    for i in s.indicators
                ],
                source="saferplaces place flags (rates per 1,000 residents; households for "
                "burglary)",
            )
        )
    elif s.hotspot:
        h = s.hotspot
        blocks.append(
            _p(
                f"{s.name} ({h['ward']}) is a Gi* {h['classification']} of "
                f"{h['indicator_name']}: {h['count']} in {s.period}, z = {h['z']:.2f}, "
                f"q = {h['q_value']:.3g}."
                if h.get("z") is not None
                else f"{s.name}: {h['classification']}."
            )
        )
    blocks.append(_p(notes))
    return blocks


def _analysis(a: Analysis | None, triangle, notes: str) -> tuple[list, list[Section]]:
    tri = Section(
        "triangle",
        "Problem analysis triangle",
        [
            Table(
                "triangle",
                "The problem analysis triangle (depersonalised)",
                [Column("side", "Side", row_header=True), Column("notes", "Notes")],
                [[_t(side), _t(text or "–")] for side, text in triangle],
            )
        ],
    )
    if a is None:
        return [_p("No analysis: the evidence warehouse could not be read.", notes)], [tri]
    words = (
        f"{a.indicator_name}: {a.count:,.0f} in {a.period.label}"
        + (f", {a.rate_per_1000:.2f} per 1,000" if a.rate_per_1000 is not None else "")
        + (
            f" (the district: {a.district_rate_per_1000:.2f})"
            if a.district_rate_per_1000 is not None
            else ""
        )
        + (f"; {a.share_of_district:.1f}% of the district's" if a.share_of_district else "")
        + "."
    )
    kind = "map points with at least one incident" if a.concentration_by == "location" else "LSOAs"
    conc = (
        f"The busiest 10% of places hold {a.top_10_share:.0f}% of incidents; "
        f"{a.places_for_half:.0f}% of places hold half of them "
        f"({a.places} {kind})."
        if a.top_10_share is not None and a.places_for_half is not None
        else "Too few incidents to measure concentration."
    )
    busiest = Table(
        "busiest",
        f"Busiest places, {a.period.label}",
        [Column("place", "Place", row_header=True), Column("count", "Count", "int")],
        [[_t(name), _n(n)] for name, n in a.busiest] or [[_t("None"), _n(0)]],
        source="police.uk (locations are anonymised map points)"
        if a.concentration_by == "location"
        else "",
    )
    values = a.trend
    data = Table(
        "trend-data",
        f"{a.indicator_name} by month",
        [Column("month", "Month", "month", row_header=True), Column("count", "Count", "int")],
        [
            [_t(m), _n(v) if v is not None else Cell("not held", None)]
            for m, v in zip(a.trend_months, values, strict=True)
        ],
    )
    chart = LineChart(
        a.trend_months,
        [Series(a.indicator_name, values)],
        "Count",
        centre=a.centre,
        upper=a.upper,
        lower=a.lower,
        baseline_points=min(12, len(values)) if a.centre is not None else 0,
        trial_limits=a.trial_limits,
    )
    fig = Figure(
        "trend",
        f"{a.indicator_name} by month, with XmR "
        + ("trial limits (fewer than 12 baseline months)" if a.trial_limits else "control limits"),
        f"Monthly count of {a.indicator_name.lower()} in the place from {a.trend_months[0]} "
        f"to {a.trend_months[-1]}"
        + (f"; signals: {'; '.join(a.signals)}" if a.signals else "; no SPC signals")
        + ".",
        chart,
        data,
    )
    blocks = [_p(words, conc), busiest, fig, _p(notes)]
    if a.notes:
        blocks.append(
            Callout("Notes on the data", Narrative([ListBlock([[Run(n)] for n in a.notes])]))
        )
    return blocks, [tri]


def _response(actions: list[ResponseAction], notes: str) -> list:
    table = Table(
        "response",
        "Actions of the partnership's plan that respond",
        [
            Column("number", "Action", row_header=True),
            Column("text", "What"),
            Column("who", "Responsible"),
            Column("rag", "RAG"),
            Column("money", "Funding"),
        ],
        [
            [_t(a.number), _t(a.text), _t(a.responsible or "–"), _t(a.rag), _t(a.funding or "–")]
            for a in actions
        ]
        or [[_t("None yet"), _t(""), _t(""), _t(""), _t("")]],
    )
    return [table, _p(notes)]


def _short(p: Period) -> str:
    """A period short enough for a column heading: ``Apr–Dec 2024``, ``Apr 2024–Mar 2025``."""
    a, b = p.start_date, p.end_date
    if p.months == 1:
        return f"{a:%b %Y}"
    return f"{a:%b}–{b:%b %Y}" if a.year == b.year else f"{a:%b %Y}–{b:%b %Y}"


def _assessment(a: Assessment | None, place: str, notes: str) -> list:
    if a is None:
        return [_p("Not assessed yet.", notes)]
    table = Table(
        "assessment",
        f"{a.indicator_name}: before and after",
        [
            Column("where", "Where", row_header=True),
            Column("before", f"Before ({_short(a.before)})", "int"),
            Column("after", f"After ({_short(a.after)})", "int"),
            Column("change", "Change", "signed"),
            Column("p", "p (exact test)", "p"),
            Column("result", "Result"),
        ],
        [
            [
                _t(place),
                _n(a.place_before),
                _n(a.place_after),
                _n(a.place_after - a.place_before, "{:+,.0f}"),
                _n(a.place_p, "{:.3g}"),
                _t(a.place_classification),
            ],
            [
                _t("The rest of the district"),
                _n(a.rest_before),
                _n(a.rest_after),
                _n(a.rest_after - a.rest_before, "{:+,.0f}"),
                _n(a.rest_p, "{:.3g}"),
                _t(a.rest_classification),
            ],
        ],
        notes=[
            "Exact conditional test of two Poisson counts, with the periods' lengths as "
            "exposures; the relative effect is the odds ratio against the rest of the "
            "district with Fisher's exact test."
        ],
    )
    rel = (
        f"Against the rest of the district: odds ratio {a.odds_ratio:.2f} (95% interval "
        f"{a.or_low:.2f} to {a.or_high:.2f}; above 1 means the place did better), "
        f"p = {a.relative_p:.3g}: {a.relative}."
        if a.odds_ratio is not None
        else f"Against the rest of the district: {a.relative} (p = {a.relative_p:.3g})."
    )
    return [_p(a.sentence()), table, _p(rel, notes, *a.notes)]


def plan_document(c: PlanContent) -> Document:
    analysis, analysis_children = _analysis(c.analysis, c.triangle, c.analysis_notes)
    details = [
        ("Plan", c.title),
        ("Place", c.place),
        ("Status", c.status),
        ("Owner", c.owner or "Not assigned"),
        ("Opened", c.opened),
        ("Partnership", c.partnership),
    ]
    warn = (
        [
            Callout(
                "Illustrative data",
                _p(
                    "This partnership is a demonstration: its plans are made up; the figures "
                    "are real police.uk data."
                ),
            )
        ]
        if c.illustrative
        else []
    )
    doc = Document(
        title=c.title,
        area=c.partnership,
        subtitle=f"Problem-solving plan for {c.place}",
        edition="restricted",
        marking="RESTRICTED",
        details=details,
        sections=[
            Section(
                "details",
                "Document details",
                [DetailsBox(details)],
                kind="details",
                in_contents=False,
            ),
            Section("objective", "Objective", [*warn, _p(c.objective or "Not yet set.")]),
            Section("scanning", "Scanning", _scanning(c.scanning, c.scanning_notes)),
            Section("analysis", "Analysis", analysis, children=analysis_children),
            Section("response", "Response", _response(c.response, c.response_notes)),
            Section(
                "assessment", "Assessment", _assessment(c.assessment, c.place, c.assessment_notes)
            ),
        ],
    )
    doc.number()
    return doc
