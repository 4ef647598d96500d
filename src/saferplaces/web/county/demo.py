"""The illustrative county: Cambridgeshire's county strategy group and its five districts'
partnerships, the demo's South Cambridgeshire among them.

Everything is invented (names, priorities, actions, RAG statuses) and flagged
illustrative; only the areas are real, so the county pages and the community safety
agreement show the real police.uk evidence for Cambridgeshire's districts. Idempotent:
what is there already is left as it is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

SLUG = "cambs-county"
COUNTY_CODE = "E10000003"

# (slug, partnership name, district code, district name, what it publishes, priorities
# with their actions as (number, action, RAG statuses in order)).
DISTRICTS = [
    (
        "cambridge-csp",
        "Cambridge Community Safety Partnership (illustrative)",
        "E07000008",
        "Cambridge",
        ("priorities", "action_plan"),
        [
            (
                "Reduce violence in the night-time economy",
                [
                    (
                        "1.1",
                        "Extend the safe space scheme on Friday and Saturday nights.",
                        ["green"],
                    ),
                    ("1.2", "Train door staff in spotting vulnerability.", ["amber"]),
                ],
            ),
            (
                "Tackle exploitation and county lines",
                [
                    ("2.1", "Map cuckooed addresses with housing providers.", ["amber", "red"]),
                ],
            ),
            (
                "Reduce anti-social behaviour in the city centre",
                [
                    ("3.1", "Joint patrols with the city rangers.", ["green", "complete"]),
                ],
            ),
        ],
    ),
    (
        "east-cambs-csp",
        "East Cambridgeshire Community Safety Partnership (illustrative)",
        "E07000009",
        "East Cambridgeshire",
        ("priorities", "action_plan", "flags"),
        [
            (
                "Domestic abuse and sexual violence",
                [
                    (
                        "1.1",
                        "Raise awareness of the domestic abuse helpline in GP surgeries.",
                        ["green"],
                    ),
                ],
            ),
            (
                "Rural crime and anti-social behaviour",
                [
                    ("2.1", "Farm watch meetings with the rural crime team.", ["amber"]),
                ],
            ),
        ],
    ),
    (
        "fenland-csp",
        "Fenland Community Safety Partnership (illustrative)",
        "E07000010",
        "Fenland",
        ("priorities",),
        [
            (
                "Drugs and exploitation",
                [
                    ("1.1", "Drug treatment outreach in Wisbech.", ["red"]),
                ],
            ),
            (
                "Anti-social behaviour and street drinking",
                [
                    ("2.1", "Designate a public spaces protection order.", ["green"]),
                ],
            ),
            (
                "Domestic abuse",
                [
                    ("3.1", "Independent advocate at the family hub.", ["amber"]),
                ],
            ),
        ],
    ),
    (
        "hunts-csp",
        "Huntingdonshire Community Safety Partnership (illustrative)",
        "E07000011",
        "Huntingdonshire",
        (),
        [
            (
                "Serious violence and knife crime",
                [
                    ("1.1", "Knife crime education in secondary schools.", ["green"]),
                ],
            ),
        ],
    ),
]

COUNTY_PRIORITIES = [
    (
        "Domestic abuse and violence against women and girls",
        [
            (
                "1.1",
                "A county domestic abuse needs assessment, shared with every district.",
                "County Council",
                "By September",
                ["green"],
            ),
            (
                "1.2",
                "One referral pathway for domestic abuse advocates across the districts.",
                "OPCC",
                "By March",
                ["amber"],
            ),
        ],
    ),
    (
        "Exploitation, county lines and drugs",
        [
            (
                "2.1",
                "A county exploitation panel meeting monthly, with each district's lead.",
                "Constabulary",
                "Monthly",
                ["green"],
            ),
        ],
    ),
    (
        "Reducing reoffending",
        [
            (
                "3.1",
                "Housing on release for prolific offenders, agreed with the districts.",
                "Probation",
                "By December",
                ["red"],
            ),
        ],
    ),
]


def seed_county(users: dict) -> str:
    """Make the illustrative county and its districts (once); ``users`` are the demo's
    logins: ``county`` is the county's officer, ``analyst`` works for the county too."""
    from saferplaces.web.actions.models import Action, Priority
    from saferplaces.web.county.models import CountyShare
    from saferplaces.web.partnerships.models import Member, Organisation, Partnership

    if Partnership.objects.filter(slug=SLUG).exists():
        return ""
    officer = users.get("county")
    year = _plan_year()
    with transaction.atomic():
        county = Partnership(
            name="Cambridgeshire Countywide Community Safety Strategic Board (illustrative)",
            slug=SLUG,
            area_code=COUNTY_CODE,
            area_name="Cambridgeshire",
            description="An illustrative county strategy group for trying the county view "
            "and the community safety agreement. Its people, priorities and actions are "
            "invented; the evidence is real police.uk data.",
            illustrative=True,
        )
        county.save_by(officer)
        orgs = {}
        for name, short, kind, statutory in [
            ("Cambridgeshire County Council", "CCC", "county_council", True),
            ("Cambridgeshire Constabulary", "Constabulary", "police", True),
            ("Office of the Police and Crime Commissioner", "OPCC", "pcc", False),
            ("Probation Service", "Probation", "probation", True),
        ]:
            o = Organisation(
                partnership=county, name=name, short_name=short, kind=kind, statutory=statutory
            )
            o.save_by(officer)
            orgs[short] = o
        for name, role, user, org in [
            ("Robin Ashby", "officer", "county", "CCC"),
            ("Priya Shah", "analyst", "analyst", "CCC"),
            ("Councillor Lee Grant", "chair", None, "CCC"),
        ]:
            Member(
                partnership=county,
                name=name,
                role=role,
                organisation=orgs[org],
                user=users.get(user) if user else None,
                term_start=date(date.today().year - 1, 5, 1),
            ).save_by(officer)
        for n, (title, actions) in enumerate(COUNTY_PRIORITIES, start=1):
            pr = Priority(partnership=county, plan_year=year, number=n, title=title)
            pr.save_by(officer)
            for number, text, lead, timescale, rags in actions:
                a = Action(
                    partnership=county,
                    priority=pr,
                    number=number,
                    text=text,
                    responsible_agency=orgs.get(lead),
                    responsible_text="" if lead in orgs else lead,
                    timescale=timescale,
                )
                a.save_by(officer)
                for rag in rags:
                    a.set_rag(rag, officer, "Illustrative status.")

        for slug, name, code, area_name, kinds, priorities in DISTRICTS:
            if Partnership.objects.filter(slug=slug).exists():
                continue
            d = Partnership(
                name=name,
                slug=slug,
                area_code=code,
                area_name=area_name,
                illustrative=True,
                county=county,
                description="An illustrative district partnership in the illustrative county.",
            )
            d.save_by(officer)
            for n, (title, actions) in enumerate(priorities, start=1):
                pr = Priority(partnership=d, plan_year=year, number=n, title=title)
                pr.save_by(officer)
                for number, text, rags in actions:
                    a = Action(
                        partnership=d,
                        priority=pr,
                        number=number,
                        text=text,
                        responsible_text="ALL partners",
                    )
                    a.save_by(officer)
                    for rag in rags:
                        a.set_rag(rag, officer, "Illustrative status.")
            CountyShare(partnership=d, **dict.fromkeys(kinds, True)).save_by(officer)

        demo = Partnership.objects.filter(slug="south-cambs", illustrative=True).first()
        if demo is not None and demo.county_id is None:
            demo.county = county
            demo.save_by(officer)
            CountyShare(
                partnership=demo,
                flags=True,
                priorities=True,
                action_plan=True,
                money=True,
                reviews=True,
            ).save_by(officer)
    return (
        f"Created {county.name} with {Partnership.objects.filter(county=county).count()} "
        "district partnerships reporting to it."
    )


def _plan_year() -> str:
    """The plan year the demo's action plans are for: the financial year under way."""
    today = date.today()
    y = today.year if today.month >= 4 else today.year - 1
    return f"{y}/{(y + 1) % 100:02d}"
