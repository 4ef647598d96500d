"""The quarterly place report as a :class:`Document`: the changes drafted as sentences,
every ward's category, the decisions with their reasons, the data sets added, the actions
that respond to each place (when the web app gives them) and a one-page profile of each
emerging and sustaining ward.

Editions follow the other documents: the public edition leaves out who made each
decision (as the assessment's Places chapter does) and shows a ward's count of a
sensitive indicator from 1 to 4 as ``<5`` (with secondary suppression and the values
calculated from it as ``[c]``); the restricted edition shows everything and is marked
RESTRICTED on every page. Restricted actions are the web app's to leave out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.disclosure import KEY, Disclosure, Edition, protect_rows
from saferplaces.document.formatting import long_date
from saferplaces.document.model import (
    Callout,
    Column,
    ContentsList,
    DetailsBox,
    Document,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.document.tables import table
from saferplaces.indicators.registry import get_indicator
from saferplaces.places.categories import OFF
from saferplaces.places.place_report import (
    COMES_OFF,
    MOVES,
    NEW,
    STAYS,
    PlaceChange,
    PlaceReport,
    sentence,
    sentences,
    summary_line,
)
from saferplaces.places.profile_document import key_facts

CHANGE_LABELS = {NEW: "New", STAYS: "Stays", MOVES: "Moves", COMES_OFF: "Comes off"}
NO_ACTIONS = (
    "The actions that respond to each place are kept in the web app's action plan: the "
    "report downloaded from the web app's Place flags page lists them."
)


def _text(*paragraphs: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in paragraphs if t])


def _bullets(lines: list[str], *, draft: bool = False) -> Narrative:
    return Narrative([ListBlock([[Run(t)] for t in lines])], draft=draft)


def _label(category: str | None) -> str:
    if category is None:
        return "not listed"
    return "off the list" if category == OFF else category


def _run_line(run: dict[str, Any]) -> str:
    made = long_date(run["created_at"])
    return f"run {run['run_id']} ({run['period_start']} to {run['period_end']}, made {made})"


def _sensitive(ident: str) -> bool:
    try:
        return get_indicator(ident).sensitive
    except SaferplacesError:  # an indicator no longer registered: protect it as if sensitive
        return True


# ------------------------------------------------------------------------------ sections


def _wards_table(report: PlaceReport, disclosure: Disclosure) -> Table:
    rows = []
    for w in sorted(report.wards, key=lambda w: (-len(w.flags), w.ward_name)):
        d = w.decision if w.overridden else None
        rows.append(
            {
                "ward": w.ward_name,
                "category": _label(w.category),
                "before": _label(w.before) if report.previous else "–",
                "change": CHANGE_LABELS.get(w.change or "", "–"),
                "flags": len(w.flags),
                "previous": None if w.previous_flags is None else len(w.previous_flags),
                "on": ", ".join(report.names.get(f, f) for f in w.flags) or "–",
                "proposed": _label(w.proposed),
                "decision": f"{d['category']}: {d['reason']}" if d else "–",
            }
        )
    return table(
        "place-report-wards",
        f"Every ward of {report.area.name}: its category now, at the last run, and its flags",
        [
            Column("ward", "Ward", row_header=True),
            Column("category", "Category now"),
            Column("before", "At the last run"),
            Column("change", "Change"),
            Column("flags", "Flags", "int"),
            Column("previous", "Flags before", "int"),
            Column("on", "Flagged on"),
            Column("proposed", "Proposed by the rules"),
            Column("decision", "Decision in force"),
        ],
        rows,
        source=f"saferplaces place flags, {_run_line(report.run)}",
        notes=[
            "Category now is a person's decision where one stands, else the rules' proposal. "
            "A ward's flags are counts of indicators, not of people.",
        ],
        level="ward",
    )


def _decisions_table(report: PlaceReport, disclosure: Disclosure) -> Table | None:
    overridden = [w for w in report.wards if w.overridden]
    if not overridden:
        return None
    columns = [
        Column("ward", "Ward", row_header=True),
        Column("category", "Decided category"),
        Column("proposed", "The rules propose"),
        Column("reason", "Reason"),
        Column("when", "Decided on"),
    ]
    if not disclosure.public:
        columns.append(Column("who", "Decided by"))
    rows = [
        {
            "ward": w.ward_name,
            "category": _label(w.decision["category"]),
            "proposed": _label(w.proposed),
            "reason": w.decision["reason"],
            "when": long_date(w.decision["decided_at"]),
            "who": w.decision["decided_by"],
        }
        for w in overridden
        if w.decision is not None
    ]
    return table(
        "place-report-decisions",
        f"Decisions that set a category the rules do not propose, {report.area.name}",
        columns,
        rows,
        source="saferplaces place flags decisions (saferplaces flags set, or the web app)",
        notes=[
            "A decision stands in every later run until another replaces it."
            + ("" if not disclosure.public else " Who decided is in the restricted edition.")
        ],
        level="ward",
    )


def _datasets(report: PlaceReport) -> Section:
    if report.previous is None:
        intro = (
            "There is no earlier run to compare with, so these are all the data sets the run "
            "was made from."
        )
    else:
        intro = (
            f"The data loaded into the warehouse since the last run ({report.previous['run_id']}, "
            f"{report.previous['period_start']} to {report.previous['period_end']}): the loads "
            "the latest run was made from that the last run was not."
        )
    if not report.datasets:
        return Section(
            "datasets", "Data sets added", [_text(intro, "No data set has been added since.")]
        )
    new = [d.title for d in report.datasets if d.new_source]
    lines = [intro]
    if new and report.previous is not None:
        lines.append(f"New sources, not used before: {', '.join(new)}.")
    rows = [
        {
            "title": d.title + (" (new)" if d.new_source and report.previous else ""),
            "files": d.files,
            "months": (
                f"{d.first_month} to {d.last_month}"
                if d.first_month and d.first_month != d.last_month
                else d.first_month or "–"
            ),
            "rows": d.rows,
            "loaded": long_date(d.loaded) if d.loaded else "–",
        }
        for d in report.datasets
    ]
    t = table(
        "place-report-datasets",
        "Data sets added since the last run",
        [
            Column("title", "Source", row_header=True),
            Column("files", "Files", "int"),
            Column("months", "Months"),
            Column("rows", "Rows loaded", "int"),
            Column("loaded", "Loaded on"),
        ],
        rows,
        source="The warehouse's load records (saferplaces ingest)",
    )
    return Section("datasets", "Data sets added", [_text(*lines), t])


def _action_lines(actions: list[dict[str, Any]]) -> list[str]:
    return [f"{a['label']}" + (f" ({a['rag']})" if a.get("rag") else "") for a in actions]


def _actions(report: PlaceReport, actions: dict[str, list[dict[str, Any]]] | None) -> Section:
    if actions is None:
        return Section("actions", "Actions that respond to each place", [_text(NO_ACTIONS)])
    listed = [w for w in report.wards if w.listed]
    rows = [
        {
            "ward": w.ward_name,
            "category": w.category,
            "actions": "; ".join(_action_lines(actions.get(w.ward_code, []))) or "None yet",
        }
        for w in sorted(listed, key=lambda w: w.ward_name)
    ]
    if not rows:
        return Section(
            "actions", "Actions that respond to each place", [_text("No ward is on the list.")]
        )
    t = table(
        "place-report-actions",
        "The action plan's actions linked to each ward on the list",
        [
            Column("ward", "Ward", row_header=True),
            Column("category", "Category"),
            Column("actions", "Actions (RAG status)"),
        ],
        rows,
        source="The partnership's action plan (the web app)",
        level="ward",
    )
    return Section("actions", "Actions that respond to each place", [t])


def _indicator_table(report: PlaceReport, w: PlaceChange, disclosure: Disclosure) -> Table:
    mine = report.values.get(w.ward_code, {})
    # The indicators that flag the ward now or did at the last run: a page, not the run.
    was = set(w.previous_flags or [])
    ids = sorted(
        (i for i in mine if i in w.flags or i in was),
        key=lambda i: (i not in w.flags, report.names.get(i, i)),
    )
    rows = []
    for i in ids:
        v = mine[i]
        count = float(v["count"])
        rows.append(
            {
                "indicator": report.names.get(i, i),
                "count": int(count) if count.is_integer() else count,
                "value": v["value"],
                "rank": v["rank"],
                "threshold": v["threshold"],
                "flagged": "Yes" if v["flagged"] else "No",
                "before": "–" if w.previous_flags is None else ("Yes" if i in was else "No"),
            }
        )
    protected = protect_rows(
        rows,
        counts=["count"],
        derived={"value": ["count"]},
        disclosure=disclosure,
        sensitive=True,
        level="ward",
        skip=[not _sensitive(i) for i in ids],
    )
    for n, row in enumerate(rows):
        for key in protected.hidden[n]:
            row[key] = protected.text(n, key)
    rate = report.run["measure"] == "rate"
    notes = [
        "Rank 1 is the highest value among the district's wards; a ward is flagged when its "
        "value is at least the threshold, ties included, and never on zero. Only the "
        "indicators that flag the ward now or did at the last run are shown; the run "
        f"{report.run['run_id']} holds every one."
    ]
    if protected.any:
        notes += [*protected.notes, KEY]
    t = table(
        f"place-report-values-{w.ward_code}",
        f"{w.ward_name}: the indicators it is flagged on, now or at the last run",
        [
            Column("indicator", "Indicator", row_header=True),
            Column("count", "Count", "int"),
            Column("value", "Rate per 1,000" if rate else "Value", "rate" if rate else "int"),
            Column("rank", "Rank", "int"),
            Column("threshold", "Threshold", "rate" if rate else "int"),
            Column("flagged", "Flagged"),
            Column("before", "At the last run"),
        ],
        rows,
        source=f"saferplaces place flags, {_run_line(report.run)}",
        notes=notes,
        level="ward",
    )
    t.sensitive = True
    t.count_columns = ("count",)
    return t


def _profile(
    report: PlaceReport,
    w: PlaceChange,
    disclosure: Disclosure,
    actions: dict[str, list[dict[str, Any]]] | None,
) -> Section:
    blocks: list[Any] = []
    said = sentence(w, report.names, report.min_flags, public=disclosure.public)
    if said:
        blocks.append(Narrative([Paragraph([Run(said)])], draft=True))
    p = report.profiles.get(w.ward_code)
    facts = []
    if p is not None:
        facts += key_facts(p)
    if actions is not None:
        mine = _action_lines(actions.get(w.ward_code, []))
        facts.append(
            "Actions responding: " + ("; ".join(mine) if mine else "none yet in the plan") + "."
        )
    if facts:
        blocks.append(_bullets(facts))
    if w.ward_code in report.values:
        blocks.append(_indicator_table(report, w, disclosure))
    return Section(
        f"profile-{w.ward_code.lower()}",
        f"{w.ward_name}: {w.category} area",
        blocks,
    )


def place_report_document(
    report: PlaceReport,
    edition: Edition = Edition.PUBLIC,
    *,
    actions: dict[str, list[dict[str, Any]]] | None = None,
    created: date | None = None,
) -> Document:
    """The quarterly place report. ``actions`` maps a ward code to the actions linked to
    it (``label`` and ``rag``), already chosen for the edition; None when made without
    the web app (the report then says where they are)."""
    disclosure = Disclosure(edition)
    created = created or date.today()
    run, prev = report.run, report.previous
    doc = Document(
        title="Quarterly place report",
        area=report.area.name,
        subtitle=report.period.label,
        edition=edition.value,
        marking=disclosure.marking,
        created=created.isoformat(),
        kind="community safety; place flags; quarterly report",
        chapters_on_new_page=False,
        meta={"area_code": report.area.code, "period": report.period.spec},
    )
    details = [
        ("Area", report.area.name),
        ("Period", report.period.label),
        ("Flags run", _run_line(run)),
        ("Compared with", _run_line(prev) if prev else "no earlier run"),
        ("Edition", edition.value),
        ("Produced", long_date(created)),
    ]
    doc.details = details
    said = sentences(report, public=disclosure.public)
    changes: list[Any] = [
        Callout(
            "Drafted from the flags",
            _text("Check and edit these sentences before the report is circulated."),
            kind="draft",
        ),
        _text(summary_line(report)),
    ]
    if said:
        changes.append(_bullets(said, draft=True))
    else:
        changes.append(_text("No ward is on the list, now or at the last run."))
    wards: list[Any] = [_wards_table(report, disclosure)]
    decisions = _decisions_table(report, disclosure)
    if decisions is not None:
        wards.append(decisions)
    profiled = report.profiled()
    sections = [
        Section(
            "details",
            "Document details",
            blocks=[DetailsBox(details), ContentsList()],
            kind="details",
            in_contents=False,
        ),
        Section("changes", "What changed", blocks=changes),
        Section("wards", "Every ward and its category", blocks=wards),
        _datasets(report),
        _actions(report, actions),
    ]
    if profiled:
        sections.append(
            Section(
                "places",
                "Place profiles",
                blocks=[
                    _text(
                        "A page for each emerging and sustaining ward: its people, "
                        "deprivation and crime beside the district and the force (the area "
                        "profile's figures), and its value on each indicator of the run."
                    )
                ],
                children=[_profile(report, w, disclosure, actions) for w in profiled],
            )
        )
    notes = [
        f"Run {run['run_id']} ranks every ward of {report.area.name} on "
        f"{len(report.run_indicators)} indicators and flags the top {float(run['top']):.0%} on "
        f"each; a ward with {report.min_flags} or more flags is proposed for the list. "
        "Emerging: newly on the list, or more flags than before; sustaining: fewer flags than "
        "when it joined; preventing: chosen by the partnership; off: no flags now.",
        *report.notes,
    ]
    if not profiled:
        notes.append("No ward is emerging or sustaining, so there are no place pages.")
    sections.append(Section("notes", "Notes", blocks=[_bullets(notes)]))
    doc.sections = sections
    doc.number()
    return doc
