"""The statutory checklist: what the strategic assessment and the partnership plan must
hold, and whether each is present, partly there or missing, with where it is or how to
add it.

The Crime and Disorder Act 1998 s6 and the Crime and Disorder (Formulation and
Implementation of Strategy) Regulations 2007 (as amended) ask each partnership for a
strategy covering crime and disorder (including anti-social behaviour), the misuse of
drugs, alcohol and other substances, reoffending, and (since the Police, Crime,
Sentencing and Courts Act 2022) serious violence; an annual strategic assessment that
takes residents' views into account and says how far the last plan was implemented; a
partnership plan sent to the Police and Crime Commissioner, having regard to the PCC's
police and crime plan; and, in two-tier areas, matters for the county strategy group.

>>> [i.status for i in plan_checklist(_empty())][:4]
['missing', 'missing', 'missing', 'missing']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from saferplaces.planning.records import STRAND_LABELS, PlanRecord

PRESENT, PARTLY, MISSING, NOT_APPLICABLE = "present", "partly", "missing", "not applicable"


@dataclass
class CheckItem:
    key: str
    requirement: str
    status: str  # present | partly | missing | not applicable
    where: str  # where it is, or how to add it
    basis: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summary(items: list[CheckItem]) -> str:
    """``5 present, 1 partly, 2 missing``."""
    counts = {s: sum(1 for i in items if i.status == s) for s in (PRESENT, PARTLY, MISSING)}
    return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to check"


# ---------------------------------------------------------------------- the assessment

PCC_ACT = (
    "Police Reform and Social Responsibility Act 2011 s10 (regard to the police and crime plan)"
)
CRIME = {"all-crime", "anti-social-behaviour", "burglary"}
S6 = "Crime and Disorder Act 1998 s6; Formulation and Implementation of Strategy Regulations 2007"


def _chapters(doc, spec) -> list:
    """The spec's chapters that are in the built document."""
    return [c for c in spec.chapters if doc.find(c.id) is not None]


def _indicators(chapters) -> set[str]:
    return {i for c in chapters for i in (c.get("indicators") or [])}


def _sources(chapters) -> set[str]:
    return {s for c in chapters for s in (c.get("sources") or [])} | {
        e.options.get("source") for c in chapters for e in c.elements if e.options.get("source")
    }


def _titles(chapters, wanted: Callable[[Any], bool]) -> str:
    return ", ".join(f"'{c.title}'" for c in chapters if wanted(c))


def _narrative_status(doc, chapter_id: str) -> str:
    """present: the analyst wrote it; partly: only the draft placeholder; missing."""
    from saferplaces.document.model import Narrative

    section = doc.find(chapter_id)
    if section is None:
        return MISSING
    texts = [b for s, _ in section.walk() for b in s.blocks if isinstance(b, Narrative)]
    if any(not n.draft and n.blocks for n in texts):
        return PRESENT
    return PARTLY


def assessment_checklist(
    doc, spec, *, held: Callable[[str], bool], two_tier: bool, county: str = ""
) -> list[CheckItem]:
    """The checklist of a built assessment ``doc`` from its ``spec``. ``held(source)``
    says whether the warehouse holds a source for the area (some chapters need one)."""
    built = _chapters(doc, spec)
    inds, sources = _indicators(built), _sources(built)
    items: list[CheckItem] = []

    crime = bool(inds & {"all-crime", "violence-and-sexual-offences", "burglary"})
    asb = "anti-social-behaviour" in inds or "asb" in inds
    items.append(
        CheckItem(
            "crime-and-disorder",
            STRAND_LABELS["crime"],
            PRESENT if crime and asb else PARTLY if crime or asb else MISSING,
            f"Chapters {_titles(built, lambda c: bool(set(c.get('indicators') or []) & CRIME))}"
            if crime or asb
            else "Add the overall crime review (kind: topic, indicators: all-crime, "
            "anti-social-behaviour) to the spec and load police.uk data.",
            S6,
        )
    )

    treatment = "drug-treatment" in sources or any(i.startswith("drug-treatment") for i in inds)
    treatment = treatment and held("drug-treatment")
    drugs = "drugs" in inds
    items.append(
        CheckItem(
            "substance-misuse",
            STRAND_LABELS["substance"],
            PRESENT if treatment else PARTLY if drugs else MISSING,
            "Drug and alcohol treatment in "
            + _titles(built, lambda c: "drug-treatment-completions" in (c.get("indicators") or []))
            if treatment
            else (
                "Only police-recorded drug offences are shown: load the treatment service's "
                "data (saferplaces ingest drug-treatment FILE) for the reducing reoffending "
                "and substance misuse chapter."
                if drugs
                else "Load drug and alcohol treatment data (saferplaces ingest drug-treatment "
                "FILE) and keep the reducing reoffending and substance misuse chapter."
            ),
            S6,
        )
    )

    probation = "probation-caseload" in sources and held("probation-caseload")
    youth = "youth-first-time-entrants" in inds and held("youth-fte")
    items.append(
        CheckItem(
            "reoffending",
            STRAND_LABELS["reoffending"],
            PRESENT if probation and youth else PARTLY if probation or youth else MISSING,
            (
                "Probation caseload and youth first-time entrants in "
                + _titles(built, lambda c: "probation-caseload" in (c.get("sources") or []))
            )
            if probation and youth
            else (
                "Add the missing source: "
                + (
                    "youth justice first-time entrants (saferplaces ingest youth-fte FILE)"
                    if probation
                    else ""
                )
                + (
                    "the probation caseload (saferplaces ingest probation-caseload FILE)"
                    if youth
                    else ""
                )
                if probation or youth
                else "Load the probation caseload and youth justice first-time entrants "
                "(saferplaces ingest probation-caseload / youth-fte) for the reducing "
                "reoffending chapter."
            ),
            S6,
        )
    )

    violence = "violence-and-sexual-offences" in inds
    health = any(held(s) for s in ("ed-assaults", "ambulance")) and bool(
        inds
        & {
            "ambulance-assault-callouts",
            "ed-assault-arrivals-residents",
            "ed-sharp-weapon-arrivals-residents",
        }
    )
    items.append(
        CheckItem(
            "serious-violence",
            STRAND_LABELS["violence"],
            PRESENT if violence and health else PARTLY if violence else MISSING,
            "Police, ambulance and hospital data in "
            + _titles(
                built, lambda c: "violence-and-sexual-offences" in (c.get("indicators") or [])
            )
            if violence and health
            else (
                "Police data only: add hospital (ED) or ambulance assault data (saferplaces "
                "ingest ed-assaults / ambulance) to the violence chapter."
                if violence
                else "Add the violence chapter (indicators: violence-and-sexual-offences and "
                "the health data) to the spec."
            ),
            "Police, Crime, Sentencing and Courts Act 2022 (serious violence duty); " + S6,
        )
    )

    trends = [c for c in built if any(e.kind == "trend" for e in c.elements)]
    findings = [c for c in built if c.kind == "key-findings"]
    items.append(
        CheckItem(
            "patterns-and-trends",
            "Patterns and trends in crime, disorder and substance misuse since last year",
            PRESENT if trends and findings else PARTLY if trends or findings else MISSING,
            (
                (f"Chapter '{findings[0].title}'" if findings else "")
                + (" and " if trends and findings else "")
                + (f"the trend charts in {_titles(built, lambda c: c in trends)}" if trends else "")
            )
            if trends or findings
            else "Keep the key findings chapter (kind: key-findings) and trend elements in "
            "the topic chapters.",
            "Regulations 2007 reg 5",
        )
    )

    status = _narrative_status(doc, "recommendations")
    items.append(
        CheckItem(
            "priorities-recommended",
            "The priorities recommended to the partnership",
            status,
            "Chapter 'recommendations'"
            if status == PRESENT
            else "Write recommendations.md in the narrative folder (the recommendations "
            "chapter of the spec).",
            "Regulations 2007 reg 5",
        )
    )

    residents = [c for c in built if c.kind == "residents-views"]
    items.append(
        CheckItem(
            "residents-views",
            "Residents' views (consultation and engagement)",
            PRESENT if residents else MISSING,
            f"Chapter '{residents[0].title}'"
            if residents
            else "Load consultation or survey results (saferplaces ingest residents-survey "
            "FILE) and keep the chapter of kind residents-views in the spec.",
            "Regulations 2007 reg 5 (views of persons who live or work in the area)",
        )
    )

    last = [c for c in built if c.kind == "last-year-plan"]
    items.append(
        CheckItem(
            "last-year-plan",
            "How far last year's partnership plan was implemented",
            (PARTLY if doc.meta.get("plan_year_open") else PRESENT) if last else MISSING,
            (
                f"Chapter '{last[0].title}'"
                + (
                    " (the plan year is not over: RAG status as it stands)"
                    if doc.meta.get("plan_year_open")
                    else ""
                )
            )
            if last
            else "Download last year's plan record (the web app's plan page, JSON) and name it "
            "in the spec's last-year-plan chapter (record: plan.json).",
            "Regulations 2007 reg 5",
        )
    )

    if two_tier:
        status = _narrative_status(doc, "county-matters")
        items.append(
            CheckItem(
                "county-matters",
                f"Matters for the county strategy group{f' ({county})' if county else ''}",
                status,
                "Chapter 'county-matters'"
                if status == PRESENT
                else "Add a narrative chapter with id county-matters to the spec and write "
                "county-matters.md in the narrative folder.",
                "Regulations 2007 (county strategy group in two-tier areas)",
            )
        )
    else:
        items.append(
            CheckItem(
                "county-matters",
                "Matters for the county strategy group",
                NOT_APPLICABLE,
                "Not a two-tier area.",
            )
        )

    status = _narrative_status(doc, "pcc-plan")
    items.append(
        CheckItem(
            "pcc-plan",
            "Regard to the Police and Crime Commissioner's police and crime plan",
            status,
            "Chapter 'pcc-plan'"
            if status == PRESENT
            else "Add a narrative chapter with id pcc-plan to the spec and write pcc-plan.md in "
            "the narrative folder (how the findings relate to the PCC's plan).",
            PCC_ACT,
        )
    )
    return items


# ---------------------------------------------------------------------------- the plan


def plan_checklist(record: PlanRecord) -> list[CheckItem]:
    """The checklist of a plan year's record."""
    items: list[CheckItem] = []
    for key, label in STRAND_LABELS.items():
        by = [f"priority {p.number}" for p in record.priorities if key in p.strands]
        items.append(
            CheckItem(
                f"strand-{key}",
                label,
                PRESENT if by else MISSING,
                f"Addressed by {', '.join(by)}"
                if by
                else "Tick the strand on the priority that addresses it (Change priority), or "
                "say in the plan's text how it is covered.",
                S6,
            )
        )
    chosen = [p for p in record.priorities if p.chosen_by]
    items.append(
        CheckItem(
            "priorities-evidence",
            "Priorities chosen from the strategic assessment's evidence",
            PRESENT
            if record.priorities and len(chosen) == len(record.priorities)
            else PARTLY
            if chosen
            else MISSING,
            f"{len(chosen)} of {len(record.priorities)} priorities linked to the prioritisation"
            if record.priorities
            else "Agree priorities from a prioritisation (Priorities and plan, Open a "
            "prioritisation).",
            "Regulations 2007 reg 10",
        )
    )
    actions = record.actions()
    led = [a for a in actions if a.responsible and a.timescale]
    items.append(
        CheckItem(
            "action-plan",
            "Actions with who leads them and by when",
            PRESENT if actions and len(led) == len(actions) else PARTLY if actions else MISSING,
            f"{len(led)} of {len(actions)} actions have a lead and a timescale"
            if actions
            else "Add actions to the priorities (Action plan, Add an action).",
            "Regulations 2007 reg 10",
        )
    )
    funded = [a for a in actions if any(m.allocated for m in a.money)]
    items.append(
        CheckItem(
            "resources",
            "The resources for the plan",
            PRESENT if funded else MISSING,
            f"{len(funded)} actions with money ({record.money_source})"
            if funded
            else "Record funding on the actions (or budget lines in the finance register).",
            "Regulations 2007 reg 10",
        )
    )
    measured = [p for p in record.priorities if p.measures]
    items.append(
        CheckItem(
            "measures",
            "How progress will be measured",
            PRESENT
            if record.priorities and len(measured) == len(record.priorities)
            else PARTLY
            if measured
            else MISSING,
            f"{len(measured)} of {len(record.priorities)} priorities have a measure"
            if record.priorities
            else "Add measures (indicator, baseline, direction sought) to the plan.",
            "Regulations 2007 reg 10",
        )
    )
    items.append(
        CheckItem(
            "residents-views",
            "Residents' views taken into account",
            PRESENT
            if record.residents_views.strip()
            else PARTLY
            if record.consultation_held
            else MISSING,
            "The plan's 'What residents told us'"
            if record.residents_views.strip()
            else "Consultation results are held: say in the plan's text how they shaped the "
            "priorities."
            if record.consultation_held
            else "Load consultation results and write 'What residents told us' in the plan's text.",
            "Regulations 2007 reg 5",
        )
    )
    items.append(
        CheckItem(
            "pcc-plan",
            "Regard to the Police and Crime Commissioner's plan",
            PRESENT if record.pcc_plan.strip() else MISSING,
            "The plan's text" if record.pcc_plan.strip() else "Write it in the plan's text.",
            PCC_ACT,
        )
    )
    items.append(
        CheckItem(
            "county-matters",
            "Matters for the county strategy group",
            (PRESENT if record.county_matters.strip() else MISSING)
            if record.two_tier
            else NOT_APPLICABLE,
            ("The plan's text" if record.county_matters.strip() else "Write it in the plan's text.")
            if record.two_tier
            else "Not a two-tier area.",
        )
    )
    sent = [s for s in record.submissions if s.document == "plan"]
    items.append(
        CheckItem(
            "sent-to-pcc",
            "The plan sent to the Police and Crime Commissioner",
            PRESENT if sent else MISSING,
            f"Sent on {sent[0].sent_on:%-d %B %Y} by {sent[0].sent_by} to {sent[0].sent_to}"
            if sent
            else "Record it in the submission log once sent.",
            "Regulations 2007 reg 10",
        )
    )
    return items


def _empty() -> PlanRecord:
    from datetime import date

    return PlanRecord("P", "A", "E07000012", "2026/27", date(2026, 4, 1))
