"""The community safety agreement from the web database: what each district publishes to
the county (read through :class:`~saferplaces.web.county.visibility.CountyReader`, the one
rule) and the county's own priorities and actions, given to the core builder
(:func:`saferplaces.assessment.agreement.build_agreement`) and written by the shared
renderer. The web app and ``saferplaces agreement`` both come here."""

from __future__ import annotations

import hashlib
from pathlib import Path

from saferplaces.assessment.agreement import (
    CountyAction,
    CountyInput,
    DistrictInput,
    build_agreement,
)
from saferplaces.core.periods import Period
from saferplaces.document.model import Document
from saferplaces.geography.areas import Area
from saferplaces.warehouse.connection import Warehouse
from saferplaces.web.county.evidence import flag_summary
from saferplaces.web.county.visibility import CountyReader, available_kinds

BASENAME = "agreement"


def inputs(wh: Warehouse, county) -> tuple[list[DistrictInput], CountyInput]:
    """What the agreement may show of each district and of the county partnership. The
    agreement goes outside the partnership (to the PCC): it is read as by a member who
    sees evidence, so it holds what districts publish and never what they restrict."""
    reader = CountyReader(county, evidence=True)
    labels = {k: label for k, label, _ in available_kinds()}
    out = []
    for d in reader.districts():
        p = d.partnership
        year, priorities = reader.priorities(d)
        rag_year, rag = reader.rag_counts(d)
        flags = flag_summary(wh, p) if d.shares("flags") else None
        out.append(
            DistrictInput(
                code=p.area_code,
                name=p.area_name or p.area_code,
                partnership=p.name,
                plan_year=year,
                priorities=tuple(x.title for x in priorities),
                rag=tuple(rag),
                rag_year=rag_year,
                flags=None
                if not d.shares("flags")
                else tuple((w, c) for w, c, _ in (flags.wards if flags else [])),
                flags_period=flags.period if flags else "",
                publishes=tuple(labels[k].lower() for k in d.kinds),
            )
        )
    year, priorities = reader.county_priorities()
    actions = tuple(
        CountyAction(
            number=a.number,
            priority=a.priority.title,
            text=a.text,
            lead=a.responsible_display,
            timescale=a.timescale,
            rag=a.get_rag_display() if a.rag else "",
        )
        for a in reader.county_actions()
    )
    return out, CountyInput(
        partnership=county.name,
        plan_year=year,
        priorities=tuple(x.title for x in priorities),
        actions=actions,
        sent_to="the Police and Crime Commissioner",
    )


def county_area(county) -> Area:
    return Area(county.area_code, county.area_name or county.area_code, "county")


def agreement_document(wh: Warehouse, county, period: Period, baseline: Period) -> Document:
    districts, county_input = inputs(wh, county)
    return build_agreement(
        wh, county_area(county), period, baseline, districts=districts, county_input=county_input
    )


def write_agreement(doc: Document, folder: Path) -> str:
    """Write every format into ``folder`` (nothing half-written on failure); the PDF's
    SHA-256, the copy that is sent."""
    from saferplaces.assessment.produce import render_document

    render_document(doc, folder, basename=BASENAME)
    return hashlib.sha256((folder / f"{BASENAME}.pdf").read_bytes()).hexdigest()
