"""The demo partnership's planning cycle (illustrative): last year's plan and this year's.

Made by ``saferplaces admin seed-demo`` after the rest of the demo:

* **last plan year** (the financial year before this one): three priorities and their
  actions, with RAG changes dated through the year, quarterly progress, funding,
  measures with 2024 baselines, the plan's text and its submission to the PCC; the year
  is over, so its annual review and the next assessment's "last year's plan" chapter
  have a year-end to show;
* **a board meeting in the September** of last plan year, and the **priority-setting
  board in the March** before this plan year, whose minutes record the decision;
* **this year's prioritisation**: the issues from the evidence of the last calendar
  year held in full (volume and trend proposed from it), scored by four members,
  one score overridden with a reason, closed and agreed at that March meeting, each of
  this year's priorities linked to the issues that chose it;
* **this year's plan**: its text, measures and its submission to the PCC.

Every name and score is invented; the evidence figures are the real police.uk data.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from saferplaces.core.periods import parse_period

SCORES = {
    # issue: [(physical, psychological, financial, community, vulnerability, volume,
    #          trend, community concern, capacity, confidence)] for four scorers; None
    #          volume or trend takes the proposal.
    "Burglary": [
        (1, 4, 3, 3, 3, None, None, 4, 3, "high"),
        (1, 3, 3, 3, 2, None, None, 3, 3, "medium"),
        (2, 4, 3, 2, 3, None, None, 4, 2, "high"),
        (1, 3, 4, 3, 3, None, None, 3, 3, "medium"),
    ],
    "Vehicle crime": [
        (1, 2, 3, 2, 1, None, None, 3, 3, "medium"),
        (1, 2, 3, 2, 2, None, None, 2, 3, "medium"),
        (1, 2, 2, 2, 1, None, None, 3, 2, "low"),
        (1, 3, 3, 2, 1, None, None, 2, 3, "medium"),
    ],
    "Anti-social behaviour": [
        (1, 3, 1, 4, 2, None, None, 4, 4, "high"),
        (1, 3, 1, 4, 3, None, None, 4, 3, "high"),
        (2, 3, 1, 3, 2, None, None, 4, 4, "medium"),
        (1, 2, 1, 4, 2, None, None, 3, 3, "high"),
    ],
    "Violence and sexual offences": [
        (4, 4, 2, 3, 4, None, None, 3, 2, "medium"),
        (4, 4, 2, 3, 3, None, None, 3, 2, "medium"),
        (3, 4, 1, 3, 4, None, None, 2, 2, "low"),
        (4, 3, 2, 2, 4, None, None, 3, 3, "medium"),
    ],
    "Shoplifting": [
        (1, 1, 3, 2, 1, None, None, 2, 2, "high"),
        (1, 1, 2, 2, 1, None, None, 1, 2, "high"),
        (1, 2, 3, 1, 1, None, None, 2, 1, "medium"),
        (1, 1, 3, 2, 1, None, None, 2, 2, "high"),
    ],
    "Scams and rogue trading": [
        (1, 4, 4, 2, 4, 2, 3, 3, 4, "low"),
        (1, 3, 4, 2, 4, 2, 3, 3, 3, "low"),
        (1, 4, 3, 2, 4, 3, 3, 4, 4, "medium"),
        (1, 4, 4, 3, 3, 2, 2, 3, 3, "low"),
    ],
    "Domestic abuse (hidden harm)": [
        (4, 4, 3, 3, 4, 3, 3, 3, 3, "medium"),
        (4, 4, 2, 3, 4, 3, 3, 2, 3, "medium"),
        (3, 4, 3, 2, 4, 2, 3, 3, 3, "low"),
        (4, 4, 3, 3, 4, 3, 4, 3, 2, "medium"),
    ],
}
SCORERS = ["Alex Morgan", "Chris Okafor", "Dana Whitfield", "Rowan Hughes"]
KEYS = (
    "physical",
    "psychological",
    "financial",
    "community",
    "vulnerability",
    "volume",
    "trend",
    "community_concern",
    "capacity",
)
# This year's priorities (seeded by web.demo) and the issues that chose each.
CHOSEN = {
    1: ["Domestic abuse (hidden harm)", "Scams and rogue trading"],
    2: ["Burglary", "Vehicle crime"],
    3: ["Anti-social behaviour"],
}
STRANDS = {1: "crime,violence", 2: "crime", 3: "crime,substance"}


def _tuesday(d: date) -> date:
    return d + timedelta(days=(1 - d.weekday()) % 7)


def _at(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, 0)))


def _year(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def seed_planning(p, users) -> str:
    """Add the planning cycle to the demo partnership ``p``; returns what was added."""
    from saferplaces.web.actions.models import Priority

    today = timezone.localdate()
    fy = today.year if today.month >= 4 else today.year - 1
    this, last = _year(fy), _year(fy - 1)
    officer = users["officer"]
    members = {m.name: m for m in p.members.all()}
    _sept, march = _meetings(p, officer, members, fy)
    _last_year(p, officer, members, last, fy - 1)
    priorities = {
        pr.number: pr for pr in Priority.objects.live().filter(partnership=p, plan_year=this)
    }
    for n, strands in STRANDS.items():
        if n in priorities:
            priorities[n].strands = strands
            priorities[n].save_by(officer)
    pr = _prioritisation(p, users, members, this, march, priorities)
    _this_year(p, officer, members, this, fy)
    issues = pr.issues.count() if pr else 0
    return (
        f"last year's plan ({last}), two more board meetings, this year's prioritisation "
        f"({issues} issues) and plan"
    )


def _meetings(p, officer, members, fy: int):
    from saferplaces.web.meetings.models import AgendaItem, Attendance, Meeting, Minute

    def meeting(on: date, items: list[tuple[str, str, str]]):
        m = Meeting(
            partnership=p,
            title="Partnership board",
            body="board",
            date=on,
            start_time=time(10, 0),
            end_time=time(12, 0),
            location="Council Chamber, South Cambridgeshire Hall, Cambourne",
            status="held",
        )
        m.save_by(officer)
        out = []
        for i, (number, title, section) in enumerate(items):
            it = AgendaItem(
                meeting=m, order=(i + 1) * 10, number=number, title=title, section=section
            )
            it.save_by(officer)
            out.append(it)
        for member in members.values():
            if member.role != "guest":
                Attendance(meeting=m, member=member, status="present").save_by(officer)
        return m, out

    sept, s_items = meeting(
        _tuesday(date(fy - 1, 9, 9)),
        [
            ("1", "Welcome, introductions and apologies", "opening"),
            ("2", "Action plan review: quarter 1 progress", "looking_back"),
            ("3", "Community Safety Fund: spend to date", "looking_back"),
        ],
    )
    march, m_items = meeting(
        _tuesday(date(fy, 3, 10)),
        [
            ("1", "Welcome, introductions and apologies", "opening"),
            ("2", "Action plan review: end of year", "looking_back"),
            ("3", "Strategic assessment: agree content and publication", "looking_ahead"),
            ("4", f"Set and agree priorities for {_year(fy)}", "looking_ahead"),
            ("5", f"Partnership plan {_year(fy)}: agreement", "looking_ahead"),
        ],
    )
    for items, texts in (
        (s_items, ["Apologies were noted.", "Quarter 1 progress was noted.", "Spend noted."]),
        (
            m_items,
            [
                "Apologies were noted.",
                "The officer presented the year-end RAG status of every action.",
                "The board agreed the strategic assessment for publication.",
                "Members discussed the prioritisation matrix scored before the meeting.",
                "The board agreed the plan for submission to the Police and Crime Commissioner.",
            ],
        ),
    ):
        for item, text in zip(items, texts, strict=True):
            Minute(item=item, text=text).save_by(officer)
    return sept, march


def _last_year(p, officer, members, year: str, fy: int) -> None:
    from saferplaces.web.actions.models import Action, Priority, ProgressEntry, RagChange
    from saferplaces.web.planning.models import PartnershipPlan, Submission

    orgs = {o.short_name: o for o in p.organisations.all()}
    rows = [
        (
            1,
            "Protect people from abuse and exploitation",
            "crime,violence",
            [
                (
                    "1.1",
                    "Train licensed premises staff to spot and report abuse.",
                    "SCDC",
                    "By September",
                    "Community Safety Fund",
                    1500,
                    [
                        (5, "green", "Training booked with the licensing team."),
                        (11, "complete", "Six sessions held; 84 staff trained."),
                    ],
                ),
                (
                    "1.2",
                    "Run a scams awareness month with libraries and post offices.",
                    "CCC",
                    "June",
                    "Pooled fund",
                    2000,
                    [(6, "complete", "Awareness month held in June.")],
                ),
                (
                    "1.3",
                    "Map county lines activity with police intelligence.",
                    "Police",
                    "Quarterly",
                    "",
                    None,
                    [
                        (6, "amber", "First map delayed by data sharing agreement."),
                        (12, "red", "The agreement is still not signed."),
                        (14, "amber", "Agreement signed; first map in preparation."),
                    ],
                ),
            ],
        ),
        (
            2,
            "Reduce burglary in rural villages",
            "crime",
            [
                (
                    "2.1",
                    "Crime prevention visits to every repeat burglary address.",
                    "Police",
                    "Within 14 days of a repeat",
                    "",
                    None,
                    [
                        (5, "green", "Visits made within 14 days."),
                        (14, "complete", "All 37 repeat addresses visited."),
                    ],
                ),
                (
                    "2.2",
                    "Promote property marking at village events.",
                    "Police",
                    "Summer",
                    "Community Safety Fund",
                    750,
                    [
                        (7, "amber", "Fewer events than planned."),
                        (10, "green", "Autumn events added."),
                    ],
                ),
            ],
        ),
        (
            3,
            "Reduce anti-social behaviour and its harm",
            "crime,substance,reoffending",
            [
                (
                    "3.1",
                    "Youth diversion sessions in flagged wards.",
                    "SCDC",
                    "Term time",
                    "Community Safety Fund",
                    3000,
                    [
                        (5, "amber", "Provider started late."),
                        (11, "green", "Sessions running in two wards."),
                    ],
                ),
                (
                    "3.2",
                    "Joint patrols at hot spots in the summer.",
                    "Police",
                    "June to August",
                    "",
                    None,
                    [
                        (6, "green", "Patrols planned with the rural team."),
                        (9, "complete", "Patrols held every weekend."),
                    ],
                ),
            ],
        ),
    ]
    start = date(fy, 4, 1)
    for number, title, strands, actions in rows:
        pr = Priority(
            partnership=p,
            plan_year=year,
            number=number,
            title=title,
            strands=strands,
            context="Agreed from the strategic assessment.",
        )
        pr.save_by(officer)
        for num, text, org, timescale, fund, amount, changes in actions:
            a = Action(
                partnership=p,
                priority=pr,
                number=num,
                text=text,
                responsible_agency=orgs.get(org),
                timescale=timescale,
                funding_line=fund,
                funding_amount=amount,
            )
            a.save_by(officer)
            status = ""
            for month, to, why in changes:
                on = _at(start + timedelta(days=30 * (month - 4) + 14))
                RagChange.objects.create(
                    action=a,
                    from_status=status,
                    to_status=to,
                    reason=why,
                    changed_on=on,
                    changed_by=officer,
                )
                status = to
                a.rag, a.rag_changed_on = to, on
            a.save_by(officer)
            for q, text in (("Q1", "Work started as planned."), ("Q3", changes[-1][2])):
                ProgressEntry(action=a, quarter=q, text=text).save_by(officer)
    plan = PartnershipPlan(
        partnership=p,
        plan_year=year,
        introduction="Our plan for the year: three priorities agreed by the board from the "
        "strategic assessment.",
        residents_views="Residents told us burglary and anti-social behaviour worried them most.",
        pcc_plan="Each priority supports the Police and Crime Commissioner's aim of keeping "
        "people safe and supporting victims.",
        county_matters="County lines and domestic abuse are matters for the county group.",
        review_summary="A year of steady delivery: most actions complete, one delayed by data "
        "sharing.",
    )
    plan.save_by(officer)
    _measures(
        p, officer, plan, year, [("burglary", 2, "down"), ("anti-social-behaviour", 3, "down")]
    )
    Submission(
        partnership=p,
        document="plan",
        plan_year=year,
        sent_on=date(fy, 4, 15),
        sent_by=members.get("Sam Patel"),
        note="By email to the OPCC partnerships team.",
    ).save_by(officer)


def _measures(p, officer, plan, year: str, wanted) -> None:
    """Measures with their baselines counted from the evidence now (left out when the
    warehouse cannot be read)."""
    from saferplaces.indicators.police import indicator_table
    from saferplaces.indicators.registry import get_indicator
    from saferplaces.web.actions.models import Priority
    from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence
    from saferplaces.web.planning.models import Measure

    period = parse_period("2024")
    try:
        with open_evidence(p) as (wh, area):
            for ident, number, direction in wanted:
                ind = get_indicator(ident)
                row = indicator_table(wh, area, period, period.previous(), [ind]).rows[0]
                Measure(
                    plan=plan,
                    priority=Priority.objects.get(partnership=p, plan_year=year, number=number),
                    indicator_id=ind.id,
                    indicator_name=ind.name,
                    direction=direction,
                    baseline_period=period.spec,
                    baseline_count=row.count,
                    baseline_rate=row.rate_per_1000,
                    per=row.denominator_kind or "",
                    baseline_source=f"police.uk, {area.name}, {period.label}",
                ).save_by(officer)
    except EvidenceUnavailable:
        return


def _prioritisation(p, users, members, year: str, march, priorities):
    from saferplaces.priorities.evidence import Candidate, candidates, propose
    from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence
    from saferplaces.web.meetings.models import Decision
    from saferplaces.web.planning import workflow
    from saferplaces.web.planning.matrix import matrix
    from saferplaces.web.planning.models import AgreedIssue, Override, Prioritisation, Score

    analyst, officer = users["analyst"], users["officer"]
    period, baseline = parse_period("2025"), parse_period("2024")
    try:
        with open_evidence(p) as (wh, area):
            known = {c.name: c for c in candidates(wh, area)}
            chosen = [known[n] for n in SCORES if n in known]
            added = [Candidate(n) for n in SCORES if n not in known]
            proposals = propose(wh, area, period, baseline, chosen + added)
            force = workflow.force_of(wh, area)
    except EvidenceUnavailable:
        return None
    pr = Prioritisation(
        partnership=p,
        plan_year=year,
        period=period.spec,
        baseline=baseline.spec,
        area_name=p.area_name,
        force_name=force.name if force else "",
    )
    pr.save_by(analyst)
    by_name = {}
    for n, c in enumerate(chosen + added):
        by_name[c.name] = workflow.add_issue(pr, analyst, c, proposals[c.key], order=n + 1)
    for name, rows in SCORES.items():
        issue = by_name[name]
        for scorer, values in zip(SCORERS, rows, strict=True):
            s = Score(
                issue=issue,
                scorer_name=scorer,
                scorer=members[scorer].user if members.get(scorer) else None,
                confidence=values[-1],
                source="workshop sheet, February",
                **dict(zip(KEYS, values[:-1], strict=True)),
            )
            if issue.proposed_volume is None and s.volume is None:
                s.volume = 2
            if issue.proposed_trend is None and s.trend is None:
                s.trend = 2
            s.save_by(analyst)
    Override(
        issue=by_name["Domestic abuse (hidden harm)"],
        factor="volume",
        value=4,
        reason="Hidden harm: police records show a fraction of the abuse IDVA services see.",
    ).save_by(analyst)
    pr.status = "closed"
    pr.closed_on = _at(march.date - timedelta(days=14))
    pr.save_by(analyst)
    rows = {r.issue.name: r for r in matrix(pr)}
    item = march.agenda_items.get(number="4")
    lines = []
    for number, names in CHOSEN.items():
        priority = priorities.get(number)
        if priority is None:
            continue
        for name in names:
            r = rows[name]
            AgreedIssue(
                priority=priority,
                issue=r.issue,
                rank=r.result.rank,
                score=round(float(r.score.score), 3),
            ).save_by(officer)
        lines.append(
            f"{number}. {priority.title} ("
            + "; ".join(f"{n} (rank {rows[n].result.rank})" for n in names)
            + ")"
        )
    decision = Decision(
        item=item,
        text=f"The board agreed the partnership's priorities for {year} from the "
        f"prioritisation matrix (evidence {period.label}):\n" + "\n".join(lines),
    )
    decision.save_by(officer)
    pr.status, pr.agreed_at, pr.agreed_item, pr.decision = "agreed", march, item, decision
    pr.save_by(officer)
    return pr


def _this_year(p, officer, members, year: str, fy: int) -> None:
    from saferplaces.web.planning.models import PartnershipPlan, Submission

    plan = PartnershipPlan(
        partnership=p,
        plan_year=year,
        introduction="This plan sets out the three priorities the board agreed in March, "
        "chosen by scoring the issues in the strategic assessment, and the actions that "
        "deliver them.",
        residents_views="In the community safety survey residents named burglary, speeding "
        "and anti-social behaviour as their main worries; scams worried older residents.",
        pcc_plan="The priorities support the Police and Crime Commissioner's plan: victims "
        "first, safer communities and tackling exploitation.",
        county_matters="We ask the county group to lead on county lines and on domestic "
        "abuse services, which cross district boundaries.",
    )
    plan.save_by(officer)
    _measures(
        p,
        officer,
        plan,
        year,
        [
            ("burglary", 2, "down"),
            ("vehicle-crime", 2, "down"),
            ("anti-social-behaviour", 3, "down"),
        ],
    )
    Submission(
        partnership=p,
        document="plan",
        plan_year=year,
        sent_on=date(fy, 4, 20),
        sent_by=members.get("Sam Patel"),
        note="By email to the OPCC partnerships team.",
    ).save_by(officer)
