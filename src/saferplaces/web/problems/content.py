"""Between a stored plan and the warehouse: its scanning when opened, its analysis when
read, its assessment, its response linked to the ward, and the plan as a document."""

from __future__ import annotations

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, parse_period
from saferplaces.indicators.registry import get_indicator, headline_indicators
from saferplaces.problems import scanning as scans
from saferplaces.problems.analysis import Analysis, analyse
from saferplaces.problems.assessment import Assessment
from saferplaces.problems.assessment import assess as run_assessment
from saferplaces.problems.document import PlanContent, ResponseAction, plan_document
from saferplaces.problems.places import place_area
from saferplaces.web.evidence.warehouse import EvidenceUnavailable, months_held, open_evidence


def listed_wards(wh, area) -> list[dict]:
    """The wards on the list in the district's latest flags run (category in force)."""
    from saferplaces.web.evidence import flagdata

    run_id = flagdata.latest_run_id(wh, area)
    if run_id is None:
        return []
    view = flagdata.run_view(wh, run_id)
    return [
        {"code": w.code, "name": w.name, "category": w.category, "flags": w.flag_count}
        for w in view.listed
    ]


def scan(kind, wh, area, code, indicator=None, period=None) -> scans.Scanning:
    if kind == "ward":
        return scans.scan_ward(wh, area, code)
    return scans.scan_hotspot(wh, area, code, indicator, period)


def indicator_choices(wh, scan: scans.Scanning) -> list[tuple[str, str]]:
    """The ward's flagged indicators first, then the others it was ranked on (counts of
    incidents only: a weighted measure cannot be assessed with the exact test)."""
    out = []
    for i in scan.indicators:
        try:
            ind = get_indicator(i.indicator)
        except SaferplacesError:
            continue
        if ind.weighted or ind.is_proportion:
            continue
        out.append((ind.id, f"{ind.name}{' (flagged)' if i.flagged else ''}"))
    return out or hotspot_indicators()


def hotspot_indicators() -> list[tuple[str, str]]:
    """The headline indicators counted by LSOA (a weighted measure is not a count)."""
    return [
        (i.id, i.name)
        for i in headline_indicators()
        if not i.weighted and not i.is_proportion and i.resolution == "lsoa"
    ]


def scanning_of(plan) -> scans.Scanning | None:
    return scans.Scanning.from_dict(plan.scanning) if plan.scanning else None


def _period_for(wh, area) -> Period:
    """The year ending the latest police.uk month held."""
    held = months_held(wh, area)
    if not held:
        raise SaferplacesError(f"no police.uk months are held for {area.name}")
    return parse_period(f"ye{held[-1]}")


def analysis_for(plan) -> tuple[Analysis | None, str]:
    """(the analysis over the year ending the latest month held, or why there is none)."""
    try:
        with open_evidence(plan.partnership) as (wh, area):
            place = place_area(wh, area, plan.place_kind, plan.place_code)
            return analyse(
                wh, place, area, get_indicator(plan.indicator_id), _period_for(wh, area)
            ), ""
    except (EvidenceUnavailable, SaferplacesError) as e:
        return None, str(e)


def assess(plan, before: Period, after: Period) -> Assessment:
    with open_evidence(plan.partnership) as (wh, area):
        place = place_area(wh, area, plan.place_kind, plan.place_code)
        return run_assessment(wh, place, area, get_indicator(plan.indicator_id), before, after)


def assessment_from(d: dict) -> Assessment | None:
    if not d:
        return None
    d = dict(d)
    d["before"] = parse_period(f"{d['before']['start']}..{d['before']['end']}")
    d["after"] = parse_period(f"{d['after']['start']}..{d['after']['end']}")
    return Assessment(**d)


def link_to_ward(plan, action, user) -> None:
    """The response's action is linked to the plan's ward too, so the flags page and the
    ward's page list it among the actions responding."""
    from saferplaces.web.actions.models import ActionPlace

    if not plan.ward_code:
        return
    if action.places.live().filter(ward_code=plan.ward_code).exists():
        return
    ActionPlace(
        action=action,
        ward_code=plan.ward_code,
        ward_name=plan.ward_name,
        indicator_id=plan.indicator_id,
        note=f"Problem-solving plan: {plan.title}"[:300],
    ).save_by(user)


def funding(plan, plan_actions, with_money: bool) -> dict[int, str]:
    """Each response action's money in words, by action id: the lines of its plan year's
    budget that serve it (the finance register, for readers who may see the money), else
    the funding line and amount the action records."""
    money: dict = {}
    if with_money:
        from saferplaces.web.finance.ledger import action_money

        for year in {pa.action.plan_year for pa in plan_actions}:
            money.update(action_money(plan.partnership, year))
    out = {}
    for pa in plan_actions:
        a = pa.action
        lines = money.get(a.pk, [])
        out[a.pk] = (
            "; ".join(
                f"{a.plan_year} budget line {m.line.number} ({m.line.item}): "
                f"£{m.line.revised:,.2f} allocated, £{m.line.spent:,.2f} spent"
                for m in lines
            )
            if lines
            else (a.funding_line or "")
            + (f", £{a.funding_amount:,.2f}" if a.funding_amount else "")
        )
    return out


def document(plan, *, with_money: bool):
    analysis, _ = analysis_for(plan)
    plan_actions = list(plan.actions.live().select_related("action__priority"))
    money = funding(plan, plan_actions, with_money)
    actions = [
        ResponseAction(
            pa.action.number,
            pa.action.text,
            pa.action.responsible_display,
            pa.action.get_rag_display() or "Not yet rated",
            money[pa.action_id],
        )
        for pa in plan_actions
    ]
    return plan_document(
        PlanContent(
            partnership=plan.partnership.name,
            title=plan.title,
            place=plan.place_label,
            status=plan.get_status_display(),
            owner=str(plan.owner) if plan.owner else "",
            opened=f"{plan.created_on:%-d %B %Y}",
            objective=plan.objective,
            scanning=scanning_of(plan),
            scanning_notes=plan.scanning_notes,
            analysis=analysis,
            triangle=[
                ("Location", plan.pat_location),
                ("Victims", plan.pat_victim),
                ("Offenders", plan.pat_offender),
                ("Guardians, handlers and place managers", plan.pat_controllers),
            ],
            analysis_notes=plan.analysis_notes,
            response=actions,
            response_notes=plan.response_notes,
            assessment=assessment_from(plan.assessment),
            assessment_notes=plan.assessment_notes,
            illustrative=plan.partnership.illustrative,
        )
    )
