"""The area profile as a document: :func:`profile_document` builds it from a
:class:`~saferplaces.places.profile.Profile`, and the shared renderer writes it as
accessible HTML, tagged PDF, Word and a workbook (:func:`render_profile`), with
``profile.json`` holding every number at full precision.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from saferplaces.document.formatting import fmt, long_date, month_label
from saferplaces.document.model import (
    Column,
    ContentsList,
    Document,
    Figure,
    ListBlock,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)
from saferplaces.document.tables import table
from saferplaces.indicators.registry import slug
from saferplaces.places.profile import DOMAINS, IMD_LSOAS_ENGLAND, Profile

SOURCES = [
    "police.uk street-level crime and anti-social behaviour (Home Office), Open Government "
    "Licence v3.0. Records are counted where their LSOA (2021) falls in the area.",
    "Census 2021 usual residents and households (ONS), OGL v3.0.",
    "English Indices of Deprivation 2025 (MHCLG), OGL v3.0.",
    "Boundaries: ONS, OGL v3.0; contains OS data © Crown copyright and database right 2025.",
    "Harm weights: Cambridge Crime Harm Index days per crime type (a third party's "
    "derivation; placeholder weights, see the harm weights reference table).",
]
SHORT = {
    "income": "Inc",
    "employment": "Emp",
    "education": "Edu",
    "health": "Hlth",
    "crime": "Crime",
    "housing": "Hous",
    "environment": "Env",
}
LISTED = ("emerging", "sustaining", "preventing")


def summary_lines(p: Profile) -> list[str]:
    """The profile's key findings as plain sentences, from its numbers."""
    lines = []
    rows = {r.indicator_id: r for r in p.rates}
    crime = rows.get("all-crime")
    if crime and crime.rate is not None:
        compare = []
        for name, other in (
            (p.district.name if p.district else None, crime.district_rate),
            (p.force.name if p.force else None, crime.force_rate),
        ):
            if name and other:
                ratio = crime.rate / other
                compare.append(f"{ratio:.1f} times the {name} rate ({other:.1f})")
        lines.append(
            f"{fmt(crime.count, 'int')} crimes in {p.period.label}: {crime.rate:.1f} per 1,000 "
            f"residents" + (f", {' and '.join(compare)}" if compare else "") + "."
        )
        lines.append(
            f"Against {p.baseline.label}: {fmt(crime.change, 'signed')} crimes"
            + (f" ({fmt(crime.change_pct, 'pct')})" if crime.change_pct is not None else "")
            + f", {crime.classification}."
        )
    if p.deprivation:
        worst = p.deprivation[0]
        deprived = sum(1 for r in p.deprivation if r["imd_decile"] <= 3)
        lines.append(
            f"{deprived} of {len(p.deprivation)} LSOAs are among the 30% most deprived in "
            f"England; the most deprived is {worst['lsoa21_name']} ({worst['ward_name']}), "
            f"national decile {worst['imd_decile']}, local decile {worst['local_decile']}."
        )
    listed = [w for w in p.flags if w["category"] in LISTED]
    if p.flags_run:
        lines.append(
            "Place flags: "
            + (
                "; ".join(
                    f"{w['ward_name']} is {w['category']} ({w['flag_count']} flags)" for w in listed
                )
                if listed
                else "none of the area's wards is on the list"
            )
            + f" (run {p.flags_run['run_id']}, {p.flags_run['period']})."
        )
    if p.hotspot_area:
        hot = [h for h in p.hotspots if h["classification"] == "hot spot"]
        lines.append(
            f"{len(hot)} of the area's {len(p.area.lsoas)} LSOAs are hot spots of crime within "
            f"{p.hotspot_area}" + (f": {', '.join(h['lsoa_name'] for h in hot)}." if hot else ".")
        )
    harm_rows = [r for r in p.harm["rows"] if r["share_of_harm"] is not None]
    if harm_rows:
        top = harm_rows[0]
        lines.append(
            f"{top['crime_type']} is {top['share_of_volume']:.0f}% of weighted crime but "
            f"{top['share_of_harm']:.0f}% of its harm."
        )
    return lines


# ------------------------------------------------------------------------------- helpers


def _text(*paragraphs: str) -> Narrative:
    return Narrative([Paragraph([Run(t)]) for t in paragraphs], origin="profile")


def _bullets(lines: list[str]) -> Narrative:
    return Narrative([ListBlock([[Run(t)] for t in lines])], origin="profile")


def _figure(p: Profile, kind: str, data: Table) -> list[Figure]:
    """The profile's figure of ``kind`` (drawn from its chart spec), with its data."""
    f = p.figure(kind)
    if f is None or f.chart is None:
        return []
    data.caption = "Data"
    return [
        Figure(
            id=f"profile-{kind}",
            caption=f.title,
            alt=f.alt_text,
            chart=f.chart,
            data=data,
            source=f.source.removeprefix("Source: "),
        )
    ]


# ------------------------------------------------------------------------------ sections


def key_facts(p: Profile) -> list[str]:
    """Residents, crime and ASB beside the district, then :func:`summary_lines`."""
    rows = {r.indicator_id: r for r in p.rates}
    facts = [f"Usual residents: {fmt(p.residents, 'int')}. Households: {fmt(p.households, 'int')}."]
    for ident, what in (("all-crime", "Crimes"), ("anti-social-behaviour", "ASB incidents")):
        r = rows.get(ident)
        if r is not None:
            beside = (
                f" ({p.district.name} {fmt(r.district_rate, 'rate')})"
                if p.district and r.district_rate is not None
                else ""
            )
            facts.append(
                f"{what}, {p.period.label}: {fmt(r.count, 'int')}, "
                f"{fmt(r.rate, 'rate')} per 1,000 residents{beside}."
            )
    return facts + summary_lines(p)


def _summary(p: Profile) -> Section:
    return Section("summary", "Summary", [_bullets(key_facts(p))])


def _people(p: Profile) -> Section:
    wards = table(
        "profile-wards",
        "Wards the area covers",
        [
            Column("ward_name", "Ward (May 2024)", row_header=True),
            Column("lad_name", "District"),
            Column("lsoas", "LSOAs in the area", "int"),
            Column("ward_lsoas", "LSOAs in the ward", "int"),
        ],
        p.wards,
        source="ONS LSOA (2021) to ward (May 2024) lookup, OGL v3.0",
    )
    return Section(
        "people",
        "Population and geography",
        [
            _text(
                f"Census 2021: {fmt(p.residents, 'int')} usual residents in "
                f"{fmt(p.households, 'int')} households, in {len(p.area.lsoas)} LSOAs (2021)."
            ),
            wards,
        ],
    )


def _deprivation(p: Profile) -> Section:
    force = p.force.name if p.force else "police force"
    deciles = table(
        "profile-deciles",
        "LSOAs by national IMD decile",
        [
            Column("what", "National decile (1 = most deprived)", row_header=True),
            *[Column(str(d), str(d), "int") for d in range(1, 11)],
        ],
        [{"what": "LSOAs", **{str(d): p.national_deciles.get(d, 0) for d in range(1, 11)}}],
        source="English Indices of Deprivation 2025 (MHCLG), OGL v3.0",
    )
    domains = [(k, SHORT[k]) for k in DOMAINS if k != "imd"]
    lsoas = table(
        "profile-imd",
        "Each LSOA's IMD, and its domain deciles (1 = most deprived), most deprived first",
        [
            Column("lsoa", "LSOA", row_header=True),
            Column("ward_name", "Ward"),
            Column("imd_rank", "IMD rank", "int"),
            Column("imd_decile", "National decile", "int"),
            Column("local_decile", "Local decile", "int"),
            *[Column(f"{k}_decile", short, "int") for k, short in domains],
        ],
        [{**r, "lsoa": f"{r['lsoa21_name']} ({r['lsoa21_code']})"} for r in p.deprivation],
        source="English Indices of Deprivation 2025 (MHCLG), OGL v3.0",
        notes=[
            "Domain deciles: "
            + "; ".join(f"{short} {DOMAINS[k].lower()}" for k, short in domains)
            + f". Domain ranks (1 of {IMD_LSOAS_ENGLAND:,} is the most deprived) are in the "
            "profile's data file (profile.json)."
        ],
        level="lsoa",
    )
    return Section(
        "deprivation",
        "Deprivation",
        [
            _text(
                "English Indices of Deprivation 2025, by LSOA (2021). Decile 1 is the most "
                f"deprived tenth: nationally (of {IMD_LSOAS_ENGLAND:,} LSOAs in England) and "
                f"locally (of the LSOAs of the {force} area)."
            ),
            deciles,
            lsoas,
        ],
    )


def _crime(p: Profile) -> Section:
    columns = [
        Column("indicator", "Indicator", row_header=True),
        Column("count", "Count", "int"),
        Column("baseline_count", "Baseline", "int"),
        Column("change", "Change", "signed"),
        Column("change_pct", "Change %", "pct"),
        Column("rate", "Rate", "rate"),
    ]
    # Short headers (the caption names the district and force): long names would leave
    # no room for the words of the last column on a printed page.
    if p.district:
        columns.append(Column("district_rate", "District rate", "rate"))
    if p.force:
        columns.append(Column("force_rate", "Force rate", "rate"))
    columns.append(Column("change_is", "Change is"))
    rows = [
        {
            **r.__dict__,
            "indicator": r.indicator + (" (per 1,000 households)" if r.per == "households" else ""),
            "change_is": "weighted: not tested" if r.weighted else r.classification,
        }
        for r in p.rates
    ]
    against = " and ".join(
        f"{a.name} ({what})" for a, what in ((p.district, "district"), (p.force, "force")) if a
    )
    caption = f"Counts and rates per 1,000, {p.period.label}, against {p.baseline.label}" + (
        f", beside {against}" if against else ""
    )
    t = table(
        "profile-crime",
        caption,
        columns,
        rows,
        source="police.uk (Home Office), OGL v3.0; Census 2021 (ONS)",
        notes=[
            "Rates per 1,000 usual residents (Census 2021), burglary per 1,000 households. "
            'Change % is not shown on a baseline under 10. "Change is" uses the exact '
            "conditional test at 5%; harm is a weighted sum and is not tested."
        ],
    )
    return Section("crime", "Crime and anti-social behaviour", [t])


def _trend(p: Profile) -> Section:
    names = list(p.trend)
    months = [m for m, _ in p.trend[names[0]]] if names else []
    values = {name: dict(points) for name, points in p.trend.items()}
    data = table(
        "profile-trend-data",
        "Data",
        [Column("month", "Month", row_header=True), *[Column(n, n, "int") for n in names]],
        [{"month": month_label(m), **{n: values[n].get(m) for n in names}} for m in months],
        level="month",
    )
    return Section("trend", "Monthly trend", _figure(p, "trend", data))


def _flags(p: Profile) -> Section:
    if not p.flags_run:
        where = p.district.name if p.district else "the district"
        return Section(
            "flags",
            "Place flags",
            [
                _text(
                    f"No flags run is held for {where}: run saferplaces flags run to rank its "
                    "wards."
                )
            ],
        )
    t = table(
        "profile-flags",
        "The area's wards in the latest flags run",
        [
            Column("ward_name", "Ward", row_header=True),
            Column("flag_count", "Flags", "int"),
            Column("flagged_on", "Flagged on"),
            Column("proposed", "Proposed"),
            Column("category", "Category"),
        ],
        [
            {
                **w,
                "flagged_on": ", ".join(w["flags"]) or "–",
                "proposed": w["proposed_category"] or "not listed",
                "category": w["category"] or "not listed",
            }
            for w in p.flags
        ],
        source=f"saferplaces flags run {p.flags_run['run_id']}",
        level="ward",
    )
    run = p.flags_run
    return Section(
        "flags",
        "Place flags",
        [
            _text(
                f"From the latest flags run for {p.district.name if p.district else ''} (run "
                f"{run['run_id']}, {run['period']}, made {run['created_at']}). Flags describe "
                "whole wards."
            ),
            t,
        ],
    )


def _hotspots(p: Profile) -> Section:
    if not p.hotspot_area:
        return Section(
            "hotspots",
            "Hot spots",
            [_text("No boundaries are loaded for this area, so hot spots cannot be computed.")],
        )
    hot = sum(1 for h in p.hotspots if h["classification"] == "hot spot")
    cold = sum(1 for h in p.hotspots if h["classification"] == "cold spot")
    columns = [
        Column("lsoa_name", "LSOA", row_header=True),
        Column("ward_name", "Ward"),
        Column("count", "Crimes", "int"),
        Column("z", "z", "z"),
        Column("q_value", "q", "p"),
        Column("classification", "Gi*"),
    ]
    blocks: list[Any] = [
        _text(
            f"Gi* hot and cold spots of all crime among the LSOAs of {p.hotspot_area}, "
            f"{p.period.label} (Benjamini–Hochberg q < 0.05). {hot} of the area's LSOAs are "
            f"hot spots and {cold} are cold spots."
            if p.hotspots
            else f"None of the area's LSOAs is a hot or cold spot within {p.hotspot_area}."
        )
    ]
    if p.hotspots:
        blocks.append(
            table(
                "profile-hotspots",
                f"The area's LSOAs that are hot or cold spots within {p.hotspot_area}",
                columns,
                p.hotspots,
                source="police.uk (Home Office), OGL v3.0",
                level="lsoa",
            )
        )
    data = table("profile-hotspots-data", "Data", columns, p.hotspots, level="lsoa")
    return Section("hotspots", "Hot spots", blocks + _figure(p, "hotspots", data))


def _concentration(p: Profile) -> Section:
    k = p.concentration
    if not k:
        return Section(
            "concentration",
            "Concentration",
            [_text("No crime with a map point was recorded in the area in the period.")],
        )
    busiest = table(
        "profile-busiest",
        "The busiest places in the area",
        [
            Column("place", "Place (police.uk map point, ward)", row_header=True),
            Column("count", "Crimes", "int"),
        ],
        [
            {
                "place": (b["name"] or b["place"]) + (f" ({b['ward']})" if b.get("ward") else ""),
                "count": b["count"],
            }
            for b in k["busiest"]
        ],
        source="police.uk (Home Office), OGL v3.0",
    )
    data = table(
        "profile-concentration-data",
        "Data",
        [Column("what", "Places", row_header=True), Column("share", "Share of crime", "share")],
        [
            {"what": f"Busiest {s}% of places", "share": k["top_shares"][s]}
            for s in ("1", "3", "5", "10")
        ],
    )
    text = _text(
        f"{fmt(k['incidents'], 'int')} crimes were recorded at {fmt(k['places'], 'int')} "
        f"police.uk map points in the area. The busiest 10% of those points "
        f"({k['top_places']['10']}) hold {k['top_shares']['10']:.0f}% of crime; half of all "
        f"crime is at {k['places_for_share']['50']:.0f}% of them. Gini {k['gini']:.2f}, "
        f"generalised Gini {k['generalised_gini']:.2f}."
    )
    return Section(
        "concentration", "Concentration", [text, busiest, *_figure(p, "concentration", data)]
    )


def _harm(p: Profile) -> Section:
    h = p.harm
    t = table(
        "profile-harm",
        "Share of harm beside share of volume",
        [
            Column("crime_type", "Crime type", row_header=True),
            Column("count", "Count", "int"),
            Column("weight", "Weight (days)"),
            Column("share_of_volume", "Share of volume", "share"),
            Column("share_of_harm", "Share of harm", "share"),
        ],
        [
            {**r, "weight": "not weighted" if r["weight"] is None else f"{r['weight']:g}"}
            for r in h["rows"]
        ],
        source="police.uk (Home Office), OGL v3.0; harm weights (see the notes)",
    )
    return Section(
        "harm",
        "Harm",
        [
            _text(
                f"Crime harm: {fmt(h['harm'], 'int')} days ({fmt(h['harm_per_1000'], 'int')} per "
                "1,000 residents), weighting each crime by the harm index days of its type."
            ),
            t,
        ],
    )


def profile_document(p: Profile) -> Document:
    """The area profile as a :class:`~saferplaces.document.model.Document`."""
    where = ""
    if p.district:
        where += f", in {p.district.name}"
    if p.force:
        where += f" ({p.force.name} police force area)"
    intro = _text(
        f"{p.period.label}, compared with {p.baseline.label}. Made {long_date(p.made)}.",
        f"The area is {len(p.area.lsoas)} LSOAs (2021), from {p.area.built_from}{where}.",
    )
    doc = Document(
        title=f"Area profile: {p.area.name}",
        subtitle=p.period.label,
        area=p.area.name,
        sections=[
            Section("about", "About this profile", [intro, ContentsList()], in_contents=False),
            _summary(p),
            _people(p),
            _deprivation(p),
            _crime(p),
            _trend(p),
            _flags(p),
            _hotspots(p),
            _concentration(p),
            _harm(p),
            Section("notes", "Notes and sources", [_bullets([*p.notes, *SOURCES])]),
        ],
        kind="community safety; area profile",
        edition_label="",
        chapters_on_new_page=False,
        created=p.made.isoformat(),
        meta={"period": p.period.label, "baseline": p.baseline.label},
    )
    doc.number()
    return doc


# -------------------------------------------------------------------------------- files


def _json_default(o: Any) -> Any:
    if isinstance(o, date | datetime):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)


def render_profile(p: Profile, out_dir: Path) -> dict[str, Path]:
    """Write the profile's HTML, PDF, Word, workbook (with CSVs) and JSON data into
    ``out_dir``; {format: path}."""
    from saferplaces.render.write import render_document

    out_dir.mkdir(parents=True, exist_ok=True)
    render_document(profile_document(p), out_dir, basename="profile")
    data = out_dir / "profile.json"
    data.write_text(json.dumps(p.to_dict(), indent=2, default=_json_default) + "\n")
    files = {fmt_: out_dir / f"profile.{fmt_}" for fmt_ in ("html", "pdf", "docx", "xlsx")}
    return {**files, "json": data}


def default_out_dir(name: str) -> Path:
    return Path(f"profile-{slug(name)}")
