"""The illustrative demo partnership: South Cambridgeshire, with made-up people.

Everything here is invented for demonstration (names, meetings, minutes, actions) and
the partnership is flagged ``illustrative`` so every page says so. Only the area is
real: the evidence pages show the real police.uk figures for South Cambridgeshire.
Dates are set relative to today, so the two past meetings are always past.

``seed()`` is idempotent: run again, it leaves the records as they are and resets the
demo logins' password. It only ever changes accounts it made itself (marked with a
``DemoAccount``): if a real account already has one of the demo names, it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from saferplaces.core.errors import SaferplacesError
from saferplaces.web.core import DEMO_PASSWORD

SLUG = "south-cambs"
PASSWORD = DEMO_PASSWORD
LOGINS = [
    ("chair", "Chair (board)", "chair", "Alex Morgan"),
    (
        "officer",
        "Partnership support officer: edits meetings and the action plan",
        "officer",
        "Sam Patel",
    ),
    ("board", "Board member (police, voting)", "board_member", "Chris Okafor"),
    ("analyst", "Research analyst: evidence and assessments", "analyst", "Priya Shah"),
    ("guest", "Guest: members' pages without restricted items or evidence", "guest", "Jordan Lee"),
    (
        "county",
        "County partnership officer: the districts side by side, the community safety agreement",
        "officer",
        "Robin Ashby",
    ),
]


@dataclass
class SeedResult:
    created: bool
    summary: str
    logins: list[tuple[str, str, str]]


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, what they can do, password) of the demo's own logins that still have
    the demo password, when the illustrative demo partnership exists; else nothing (a
    real partnership that happens to use the demo's web name prints no password)."""
    from saferplaces.web.core.models import DemoAccount
    from saferplaces.web.partnerships.models import Partnership

    if not Partnership.objects.filter(slug=SLUG, illustrative=True).exists():
        return []
    demo = {
        d.user.get_username(): d
        for d in DemoAccount.objects.select_related("user").filter(user__is_active=True)
    }
    return [
        (u, label, PASSWORD) for u, label, *_ in LOGINS if u in demo and demo[u].has_demo_password()
    ]


class DemoAccountClash(SaferplacesError):
    """A real account has a demo login's name: seed-demo will not change it."""


def _users() -> dict[str, object]:
    from saferplaces.web.core.models import DemoAccount

    User = get_user_model()
    out = {}
    for username, _, _, full in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is not None and not DemoAccount.objects.filter(user=user).exists():
            raise DemoAccountClash(
                f"there is already an account called {username!r}, not made by seed-demo; "
                "seed-demo will not change it (rename that account, or use another instance)"
            )
        if user is None:
            first, _, last = full.partition(" ")
            user = User.objects.create_user(username, first_name=first, last_name=last)
            DemoAccount.objects.create(user=user)
        user.set_password(PASSWORD)
        user.save()
        DemoAccount.objects.filter(user=user).update(seeded_password=user.password)
        out[username] = user
    return out


def _month_back(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return _tuesday(date(y, m + 1, min(d.day, 21)))


def _tuesday(d: date) -> date:
    """Boards meet on weekdays: the Tuesday on or after ``d``."""
    return d + timedelta(days=(1 - d.weekday()) % 7)


def seed(*, money: bool = False, planning: bool = False) -> SeedResult:
    """The demo partnership; with ``money``, its illustrative budget too; with
    ``planning``, last year's plan and this year's prioritisation and plan (as
    ``saferplaces admin seed-demo`` does; most tests need neither and leave them out)."""
    from saferplaces.web.finance.demo import seed_finance
    from saferplaces.web.partnerships.models import Partnership
    from saferplaces.web.planning.demo import seed_planning

    with transaction.atomic():
        users = _users()
        logins = [(u, label, PASSWORD) for u, label, *_ in LOGINS]
        p = Partnership.objects.filter(slug=SLUG).first()
        if p is not None:
            added = []
            if planning and not p.prioritisations.exists():
                added.append(seed_planning(p, users))
            if money and not p.financial_years.exists():
                added.append(seed_finance(p, users))
            if added:
                return SeedResult(True, "; ".join(added).capitalize() + " added.", logins)
            return SeedResult(False, "The demo partnership is already there; logins reset.", logins)
        summary = _build(users)
        if planning:
            p = Partnership.objects.get(slug=SLUG)
            summary = f"{summary[:-1]}, {seed_planning(p, users)}."
        if money:
            p = Partnership.objects.get(slug=SLUG)
            summary = f"{summary[:-1]}, {seed_finance(p, users)}."
    return SeedResult(True, summary, logins)


def seed_with_county(*, money: bool = False, planning: bool = False) -> SeedResult:
    """:func:`seed`, then the illustrative county around it (``saferplaces admin
    seed-demo``): Cambridgeshire's county strategy group and its other four districts'
    partnerships (``web/county/demo.py``)."""
    from saferplaces.web.county.demo import seed_county

    result = seed(money=money, planning=planning)
    with transaction.atomic():
        county = seed_county(_users())
    return SeedResult(result.created, f"{result.summary} {county}".strip(), result.logins)


def _build(users) -> str:
    from saferplaces.web.actions.models import Action, ActionPlace, Priority, ProgressEntry
    from saferplaces.web.meetings.models import (
        ActionPoint,
        AgendaItem,
        Attendance,
        Decision,
        Declaration,
        Meeting,
        Minute,
        PublicQuestion,
    )
    from saferplaces.web.partnerships.models import Member, Organisation, Partnership

    officer = users["officer"]
    p = Partnership(
        name="South Cambridgeshire Community Safety Partnership (illustrative)",
        slug=SLUG,
        area_code="E07000012",
        area_name="South Cambridgeshire",
        description=(
            "An illustrative partnership for trying saferplaces. The people, meetings, "
            "minutes and action plan are invented; the evidence is real police.uk data "
            "for South Cambridgeshire."
        ),
        illustrative=True,
    )
    p.save_by(officer)

    orgs = {}
    for key, name, short, kind, statutory in [
        ("district", "South Cambridgeshire District Council", "SCDC", "district_council", True),
        ("county", "Cambridgeshire County Council", "CCC", "county_council", True),
        ("police", "Cambridgeshire Constabulary", "Police", "police", True),
        ("fire", "Cambridgeshire Fire and Rescue Service", "CFRS", "fire", True),
        ("health", "Integrated Care Board", "ICB", "health", True),
        ("probation", "Probation Service", "Probation", "probation", True),
        ("pcc", "Office of the Police and Crime Commissioner", "OPCC", "pcc", False),
        ("cvs", "Council for Voluntary Service", "CVS", "voluntary", False),
    ]:
        o = Organisation(partnership=p, name=name, short_name=short, kind=kind, statutory=statutory)
        o.save_by(officer)
        orgs[key] = o

    term = date(date.today().year - 1, 5, 1)
    members = {}
    for key, name, title, org, role, voting, user in [
        ("chair", "Alex Morgan", "Councillor", "district", "chair", True, "chair"),
        ("vice", "Morgan Ellis", "Councillor", "county", "vice_chair", True, None),
        ("police", "Chris Okafor", "Chief Inspector", "police", "board_member", True, "board"),
        ("fire", "Dana Whitfield", "Station Commander", "fire", "board_member", True, None),
        ("health", "Rowan Hughes", "Head of Safeguarding", "health", "board_member", True, None),
        (
            "probation",
            "Jamie Clarke",
            "Senior Probation Officer",
            "probation",
            "board_member",
            True,
            None,
        ),
        ("opcc", "Taylor Reid", "Partnerships Officer", "pcc", "member", False, None),
        ("cvs", "Casey Nolan", "Chief Executive", "cvs", "member", False, None),
        (
            "officer",
            "Sam Patel",
            "Community Safety Officer",
            "district",
            "officer",
            False,
            "officer",
        ),
        ("analyst", "Priya Shah", "Research Analyst", "county", "analyst", False, "analyst"),
        ("guest", "Jordan Lee", "Youth Worker", "cvs", "guest", False, "guest"),
    ]:
        m = Member(
            partnership=p,
            name=name,
            job_title=title,
            organisation=orgs[org],
            role=role,
            voting=voting,
            term_start=term,
            term_end=date(term.year + 3, 4, 30) if role in ("chair", "vice_chair") else None,
            user=users.get(user) if user else None,
        )
        m.save_by(officer)
        members[key] = m

    today = date.today()
    m1 = Meeting(
        partnership=p,
        title="Partnership board",
        body="board",
        date=_month_back(today, 5),
        start_time=time(10, 0),
        end_time=time(12, 0),
        location="Council Chamber, South Cambridgeshire Hall, Cambourne",
        status="held",
    )
    m1.save_by(officer)
    m2 = Meeting(
        partnership=p,
        title="Partnership board",
        body="board",
        date=_month_back(today, 2),
        start_time=time(14, 0),
        end_time=time(16, 0),
        location="",
        online=True,
        online_details="Joining link sent with the papers.",
        status="held",
    )
    m2.save_by(officer)
    m3 = Meeting(
        partnership=p,
        title="Partnership board",
        body="board",
        date=_tuesday(today + timedelta(days=30)),
        start_time=time(10, 0),
        end_time=time(12, 0),
        location="Monkfield Room, South Cambridgeshire Hall, Cambourne",
        online=True,
        online_details="Hybrid: joining link sent with the papers.",
        status="planned",
    )
    m3.save_by(officer)

    def agenda(meeting, rows):
        items = []
        for i, (number, title, section, lead, mins, restricted) in enumerate(rows):
            it = AgendaItem(
                meeting=meeting,
                order=(i + 1) * 10,
                number=number,
                title=title,
                section=section,
                lead=members.get(lead) if lead in members else None,
                lead_text="" if lead in members else lead,
                minutes_allotted=mins,
                restricted=restricted,
            )
            it.save_by(officer)
            items.append(it)
        return items

    standard = [
        ("1", "Welcome, introductions and apologies", "opening", "chair", 5, False),
        ("2", "Declarations of interest", "opening", "chair", 5, False),
        ("3", "Public questions received", "opening", "chair", 5, False),
        ("4", "Minutes of the previous meeting: agreement", "opening", "Board / members", 5, False),
        ("5", "Action points: review", "opening", "Board / members", 5, False),
    ]
    i1 = agenda(
        m1,
        [
            *standard,
            (
                "6",
                "Action plan review: RAG status and progress",
                "looking_back",
                "officer",
                15,
                False,
            ),
            ("7", "Community Safety Fund: spend to date", "looking_back", "officer", 10, False),
            ("8", "Domestic homicide review: update", "looking_back", "officer", 10, True),
            ("9", "Quarterly data report and place flags", "looking_ahead", "analyst", 20, False),
            ("10", "Any other business", "closing", "chair", 5, False),
        ],
    )
    i2 = agenda(
        m2,
        [
            *standard,
            ("6", "Action plan review: quarter 2 progress", "looking_back", "officer", 15, False),
            ("7", "Rural crime: partnership response", "looking_back", "police", 15, False),
            ("8", "Strategic assessment: emerging findings", "looking_ahead", "analyst", 20, False),
            (
                "9",
                "Priorities for next year: first discussion",
                "looking_ahead",
                "Chair / all members",
                20,
                False,
            ),
            ("10", "Any other business", "closing", "chair", 5, False),
        ],
    )
    agenda(
        m3,
        [
            *standard,
            ("6", "Action plan review: quarter 3 progress", "looking_back", "officer", 15, False),
            ("7", "Domestic homicide review: action plan", "looking_back", "officer", 10, True),
            (
                "8",
                "Strategic assessment: agree content and publication",
                "looking_ahead",
                "analyst",
                25,
                False,
            ),
            (
                "9",
                "Set and agree priorities for next year",
                "looking_ahead",
                "Chair / all members",
                20,
                False,
            ),
            (
                "10",
                "Key messages to share with our organisations and the public",
                "closing",
                "chair",
                5,
                False,
            ),
        ],
    )

    for meeting, absent in ((m1, "health"), (m2, "probation")):
        for key, m in members.items():
            if key == "guest":
                continue
            status = "apologies" if key == absent else "present"
            Attendance(meeting=meeting, member=m, status=status).save_by(officer)
    Attendance(
        meeting=m2, name="Robin Ash", organisation="Rural crime team", status="in_attendance"
    ).save_by(officer)
    Declaration(
        meeting=m1,
        member=members["cvs"],
        item=i1[6],
        interest="Their organisation receives a grant from the Community Safety Fund.",
    ).save_by(officer)
    PublicQuestion(
        meeting=m2,
        asked_by="A resident of Cottenham",
        received_on=m2.date - timedelta(days=3),
        question="What is the partnership doing about speeding through the village?",
        response="Referred to the road safety partnership; the police will report back.",
    ).save_by(officer)

    minutes1 = {
        0: "The chair welcomed members. Apologies were received from the health board member.",
        1: "One declaration was made (see the list of declarations).",
        2: "No public questions had been received.",
        3: "The minutes of the previous meeting were agreed as a correct record.",
        4: "All action points from the previous meeting had been closed.",
        5: "The officer presented the action plan. Two actions were amber: the youth "
        "diversion project had started late and the fly-tipping case study was delayed.",
        6: "Spend was in line with the plan; the pooled fund balance was noted.",
        7: "The officer updated members on the review's progress. Details are restricted.",
        8: "The analyst presented the quarterly data report. Two wards were newly flagged "
        "on several indicators.",
        9: "None.",
    }
    for idx, text in minutes1.items():
        Minute(
            item=i1[idx],
            text=text,
            status="agreed",
            agreed_at=m2,
            agreed_on=m2.date,
            agreed_by=users["officer"],
            agreement_note="Agreed as a correct record.",
        ).save_by(officer)
    Decision(item=i1[6], text="The board noted the spend to date.").save_by(officer)
    Decision(
        item=i1[8],
        text="The board agreed that the delivery group should bring a problem-solving plan "
        "for the newly flagged wards to the next meeting.",
    ).save_by(officer)

    def point(meeting, item, text, owner, due, status="open", note="", closed_at=None):
        ap = ActionPoint(
            meeting=meeting,
            item=item,
            text=text,
            owner=members[owner],
            due=due,
            status=status,
            closing_note=note,
            closed_at=closed_at,
        )
        ap.assign_number()
        ap.save_by(officer)
        return ap

    point(
        m1,
        i1[8],
        "Circulate the quarterly data report to all members.",
        "analyst",
        m1.date + timedelta(days=14),
        "closed",
        "Circulated by email a week after the meeting.",
        m2,
    )
    point(
        m1,
        i1[5],
        "Bring a revised timetable for the youth diversion project.",
        "police",
        m2.date,
        "in_progress",
    )
    minutes2 = {
        0: "The chair welcomed members and the guest from the rural crime team.",
        1: "None.",
        2: "One question had been received in advance (see public questions).",
        3: "The minutes of the previous meeting were agreed.",
        4: "Action points were reviewed; one was closed and one remains in progress.",
        5: "Quarter 2 progress was noted; one action has moved from amber to green.",
        6: "The rural crime team described seasonal patrols and asked partners to "
        "encourage reporting.",
        7: "The analyst shared emerging findings from the strategic assessment.",
        8: "Members discussed keeping the number of priorities small.",
        9: "None.",
    }
    for idx, text in minutes2.items():
        Minute(item=i2[idx], text=text).save_by(officer)
    Decision(item=i2[8], text="The board agreed to keep three priorities for next year.").save_by(
        officer
    )
    point(
        m2,
        i2[6],
        "Share rural crime reporting advice with parish councils.",
        "officer",
        m3.date - timedelta(days=7),
    )
    point(
        m2,
        i2[7],
        "Send the call for evidence for the strategic assessment to partners.",
        "analyst",
        m3.date - timedelta(days=21),
    )

    fy = today.year if today.month >= 4 else today.year - 1
    year = f"{fy}/{(fy + 1) % 100:02d}"
    priorities = []
    for n, title, context, outcomes in [
        (
            1,
            "Support vulnerable people",
            "Domestic abuse, scams and hoarding harm people who are often not known to services.",
            "More people recognise and report abuse and scams; referrals reach support sooner.",
        ),
        (
            2,
            "Reduce burglary and vehicle crime",
            "Burglary is low against the county but concentrated in a few villages "
            "along main roads.",
            "Fewer repeat burglaries in the flagged wards; more households using crime prevention.",
        ),
        (
            3,
            "Build community resilience",
            "New communities are growing quickly; rural crime and anti-social behaviour worry "
            "residents.",
            "Each new community has a local safety contact; rural crime is reported more often.",
        ),
    ]:
        pr = Priority(
            partnership=p, plan_year=year, number=n, title=title, context=context, outcomes=outcomes
        )
        pr.save_by(officer)
        priorities.append(pr)

    actions = {}
    for pri, number, text, org, who, timescale, funding, amount in [
        (
            0,
            "1.1",
            "Run a domestic abuse awareness campaign with parish councils and licensed premises.",
            "district",
            "officer",
            "By December",
            "",
            None,
        ),
        (
            0,
            "1.2",
            "Visit people referred by the national scams team within 28 days.",
            "county",
            None,
            "Ongoing",
            "Pooled fund",
            2000,
        ),
        (
            0,
            "1.3",
            "Develop a hoarding support pathway with mental health services.",
            "fire",
            "fire",
            "Plan by July, pilot by March",
            "Carried forward",
            1000,
        ),
        (
            1,
            "2.1",
            "Target crime prevention visits at repeat burglary addresses in flagged wards.",
            "police",
            "police",
            "Quarterly",
            "",
            None,
        ),
        (
            1,
            "2.2",
            "Promote vehicle crime prevention at events and online.",
            "police",
            None,
            "By March",
            "Community Safety Fund",
            750,
        ),
        (
            2,
            "3.1",
            "Hold engagement events in new communities.",
            "district",
            "officer",
            "Two events a year",
            "",
            None,
        ),
        (
            2,
            "3.2",
            "Support rural crime reporting through parish councils.",
            "police",
            "police",
            "Throughout the year",
            "",
            None,
        ),
    ]:
        a = Action(
            partnership=p,
            priority=priorities[pri],
            number=number,
            text=text,
            responsible_agency=orgs[org],
            responsible_officer=members[who] if who else None,
            responsible_text="" if who else "ALL partners",
            timescale=timescale,
            funding_line=funding,
            funding_amount=amount,
        )
        a.save_by(officer)
        actions[number] = a

    for number, changes in {
        "1.1": [("green", "Campaign materials agreed and first parish briefings held.")],
        "1.2": [("green", "Referrals contacted within 28 days this quarter.")],
        "1.3": [
            ("amber", "Project idea now led by another agency; our role being agreed."),
            ("red", "No lead agreed for two quarters; the board is asked to decide."),
        ],
        "2.1": [
            ("amber", "Visits started late because of staff changes."),
            ("green", "Visits back on schedule in the flagged wards."),
        ],
        "2.2": [("complete", "All planned events held.")],
        "3.1": [("green", "First engagement event held.")],
        "3.2": [("amber", "Case study on fly-tipping delayed.")],
    }.items():
        for status, why in changes:
            actions[number].set_rag(status, officer, why)

    for number, quarter, text in [
        ("1.1", "Q1", "Campaign materials designed with partners."),
        ("1.1", "Q2", "Briefings given to eight parish councils."),
        ("1.2", "Q1", "Forty referrals received; all contacted."),
        ("2.1", "Q2", "Prevention visits completed at repeat addresses in two wards."),
        ("3.2", "Q2", "Reporting advice drafted for parish newsletters."),
    ]:
        ProgressEntry(action=actions[number], quarter=quarter, text=text).save_by(officer)

    for number, code, name, indicator, note in [
        (
            "2.1",
            "E05014031",
            "Cambourne",
            "burglary",
            "Flagged on burglary in the last data report.",
        ),
        ("3.1", "E05013880", "Longstanton", "anti-social-behaviour", "New community (Northstowe)."),
    ]:
        ActionPlace(
            action=actions[number],
            ward_code=code,
            ward_name=name,
            indicator_id=indicator,
            note=note,
        ).save_by(officer)

    from saferplaces.web.reviews.demo import seed_reviews

    reviews = seed_reviews(p, users, members, orgs)
    return (
        f"Created {p.name}: {len(orgs)} organisations, {len(members)} members, 3 meetings "
        f"(2 past), {len(priorities)} priorities and {len(actions)} actions for {year}; "
        f"{reviews}."
    )
