"""Building the document tree from the warehouse, the spec and the narrative.

1. Check the area, the periods and that data is held for the period.
2. Note every indicator the spec names that holds data, so one indicator table serves
   the whole document (q-values and classifications agree everywhere).
3. Build each chapter with its section kind (data notes last, so they can list what was
   left out), and drop chapters that are absent.
4. Number tables and figures, then fill the narrative slots (so text can say "Table 4").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.method_notes import share_method_notes
from saferplaces.assessment.narrative import NarrativeSource, parse_markdown, substitute
from saferplaces.assessment.registry import section_kinds
from saferplaces.assessment.sections.analyst import settle_asks
from saferplaces.assessment.sections.common import PENDING
from saferplaces.assessment.spec import Spec, load_spec
from saferplaces.assessment.values import Values, resolve_plain
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period
from saferplaces.core.settings import alpha as default_alpha
from saferplaces.disclosure import Disclosure, Edition
from saferplaces.document.model import Callout, Document, Narrative, Section
from saferplaces.geography.areas import Area, force_of
from saferplaces.quality.coverage import coverage
from saferplaces.warehouse.connection import Warehouse

ATTRIBUTION = [
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "police.uk data: Home Office / data.police.uk. Geography, boundaries and Census 2021: "
    "Source: Office for National Statistics licensed under the Open Government Licence "
    "v3.0. Contains OS data © Crown copyright and database right 2025.",
]


class AssessmentError(SaferplacesError):
    """An assessment that cannot be built as asked."""


def _check(wh: Warehouse, area: Area, period: Period, baseline: Period) -> None:
    if area.level not in ("district", "csp"):
        raise AssessmentError(
            f"{area.describe} is not a district or community safety partnership: a strategic "
            "assessment covers a district or CSP (its wards are the chapters' tables)"
        )
    if baseline.last >= period.first:
        raise AssessmentError(
            f"the baseline ({baseline.label}) must end before the period ({period.label}) starts"
        )
    held = coverage(wh, "police-uk", area, period)
    if len(held.missing) == period.months:
        raise AssessmentError(
            f"no police.uk data is held for {period.label}; load it with `saferplaces ingest "
            "police-uk PATH`, or choose a period the warehouse holds (see `saferplaces quality`)"
        )


def _known_ids(spec: Spec) -> set[str]:
    kinds = section_kinds()
    ids: set[str] = set()
    for ch in spec.chapters:
        ids.add(ch.id)
        ids.update(kinds[ch.kind].part_ids(ch))
    return ids


def _note_spec_indicators(ctx: BuildContext) -> None:
    """Register every indicator the spec names that holds data, in the registry's order."""
    from saferplaces.indicators.registry import all_indicators

    named: set[str] = set()
    for ch in ctx.spec.chapters:
        for ident in ch.get("indicators") or []:
            ind = ctx.indicator(str(ident))
            if ind:
                named.add(ind.id)
        for e in ch.elements:
            for ident in [e.options.get("indicator"), *(e.options.get("indicators") or [])]:
                ind = ctx.indicator(str(ident)) if ident else None
                if ind:
                    named.add(ind.id)
    if any(section_kinds()[ch.kind].name == "key-findings" for ch in ctx.spec.chapters):
        # Key findings are drafted from every indicator held for the area, the agency
        # sources' too, whether or not a chapter shows them.
        from saferplaces.sources.agency.indicators import agency_indicators

        named.update(i.id for i in agency_indicators(ctx.wh, ctx.area.level, ctx.area))
    for ind in all_indicators():
        if ind.id in named and ctx.has_data(ind):
            ctx.used_indicators[ind.id] = ind


def build_assessment(
    wh: Warehouse,
    area: Area,
    period: Period,
    baseline: Period | None = None,
    *,
    spec: Spec | None = None,
    narrative_dir: Path | None = None,
    edition: Edition = Edition.PUBLIC,
    created: date | None = None,
) -> Document:
    """The strategic assessment of ``area`` for ``period`` against ``baseline``."""
    baseline = baseline or period.previous()
    spec = spec or load_spec()
    _check(wh, area, period, baseline)
    narrative = NarrativeSource(narrative_dir)
    narrative.check_known(_known_ids(spec))
    ctx = BuildContext(
        wh=wh,
        area=area,
        period=period,
        baseline=baseline,
        spec=spec,
        disclosure=Disclosure(edition),
        narrative=narrative,
        alpha=spec.alpha if spec.alpha is not None else default_alpha(),
        created=created or date.today(),
        force=force_of(wh, area),
    )
    _note_spec_indicators(ctx)
    kinds = section_kinds()
    built: list[Section | None] = [None] * len(spec.chapters)
    late = [i for i, ch in enumerate(spec.chapters) if kinds[ch.kind].late]
    for i, ch in enumerate(spec.chapters):
        if i not in late:
            built[i] = kinds[ch.kind].build(ctx, ch)
    for i in late:
        built[i] = kinds[spec.chapters[i].kind].build(ctx, spec.chapters[i])
    doc = Document(
        title=resolve_plain(ctx, spec.title, spec.file, 0),
        subtitle=resolve_plain(ctx, spec.subtitle, spec.file, 0) if spec.subtitle else "",
        area=area.name,
        sections=[s for s in built if s is not None],
        edition=edition.value,
        marking=ctx.disclosure.marking,
        kind="community safety; strategic assessment",
        edition_label="Restricted edition" if ctx.disclosure.marking else "Public edition",
        edition_note="Public edition: small numbers of sensitive measures not shown",
        attribution=ATTRIBUTION,
        created=ctx.created.isoformat(),
        meta={
            "area_code": area.code,
            "area_level": area.level,
            "period": period.label,
            "baseline": baseline.label,
            "alpha": ctx.alpha,
            "spec": spec.file,
            "narrative": str(narrative_dir) if narrative_dir else "built-in",
            "left_out": list(ctx.left_out),
        },
    )
    settle_asks(doc, ctx)  # the unwritten parts listed "For the analyst"; empty ones go
    share_method_notes(doc)  # a note under many tables is printed once, in the data notes
    doc.number()
    fill_narrative(doc, ctx)
    # Chapters that read the finished document (a checklist of what it covers) last; their
    # tables are then numbered with the rest.
    finishing = [(ch, kinds[ch.kind].finish) for ch in spec.chapters if kinds[ch.kind].finish]
    for ch, finish in finishing:
        section = doc.find(ch.id)
        if section is not None:
            finish(doc, ctx, ch, section)
    if finishing:
        doc.number()
    return doc


def fill_narrative(doc: Document, ctx: BuildContext) -> None:
    """Replace each narrative slot with its Markdown (values substituted), a draft
    placeholder, or nothing."""
    values = Values(ctx, doc)
    for section, _ in list(doc.walk()):
        blocks = []
        for b in section.blocks:
            if not (isinstance(b, Narrative) and b.origin.startswith(PENDING)):
                blocks.append(b)
                continue
            sid = b.origin[len(PENDING) :]
            found = ctx.narrative.get(sid)
            if found is not None:
                text, origin, _mine = found
                parsed = parse_markdown(substitute(text, values, origin))
                if parsed:
                    blocks.append(Narrative(parsed, origin=origin))
            elif b.blocks:  # a prompt: show it as a draft placeholder
                prompt = substitute(b.blocks[0].text, values, f"prompt of {sid}")
                blocks.append(
                    Callout(
                        "Draft",
                        Narrative(parse_markdown(prompt), origin="placeholder", draft=True),
                        kind="draft",
                    )
                )
        section.blocks = blocks
