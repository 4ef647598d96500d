"""Rendering an area profile as HTML, PDF and Word, plus its data as JSON.

A small renderer of its own (Jinja2 HTML, WeasyPrint PDF from the same HTML, a
python-docx document built from the same content), written so it can move onto the
shared ``render`` package when that lands: everything the documents say comes from
:func:`content`, which is plain data.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from saferplaces.places.profile import DOMAINS, IMD_LSOAS_ENGLAND, Profile
from saferplaces.sources.police_uk.crime_types import slug

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


def _rate(v: float | None, places: int = 2) -> str:
    return "–" if v is None else f"{v:,.{places}f}"


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:+.1f}%"


def _pct1(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


def _p(v: float | None) -> str:
    return "–" if v is None else ("<0.001" if v < 0.001 else f"{v:.3f}")


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
            f"{crime.count:,.0f} crimes in {p.period.label}: {crime.rate:.1f} per 1,000 "
            f"residents" + (f", {' and '.join(compare)}" if compare else "") + "."
        )
        lines.append(
            f"Against {p.baseline.label}: {crime.change:+,.0f} crimes"
            + (f" ({crime.change_pct:+.1f}%)" if crime.change_pct is not None else "")
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
    listed = [w for w in p.flags if w["category"] in ("emerging", "sustaining", "preventing")]
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


def content(p: Profile) -> dict[str, Any]:
    """Everything the documents show, as plain data."""
    rows = {r.indicator_id: r for r in p.rates}
    return {
        "p": p,
        "all_crime": rows.get("all-crime"),
        "asb": rows.get("anti-social-behaviour"),
        "summary": summary_lines(p),
        "domains": [(k, v, SHORT[k]) for k, v in DOMAINS.items() if k != "imd"],
        "imd_total": IMD_LSOAS_ENGLAND,
        "notes": [*p.notes, *SOURCES],
    }


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("saferplaces.places", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(p: Profile, out_dir: Path) -> Path:
    """Write ``profile.html`` beside the profile's figures (linked relatively)."""

    def figure(kind: str, number: str) -> Markup:
        f = p.figure(kind)
        if f is None:
            return Markup("")
        return Markup(
            '<figure><img src="{src}" alt="{alt}"><figcaption>{num}: {title}. {source}'
            "</figcaption></figure>"
        ).format(src=f.path.name, alt=f.alt_text, num=number, title=f.title, source=f.source)

    html = (
        _env()
        .get_template("profile.html")
        .render(**content(p), rate=_rate, pct=_pct, pct1=_pct1, p_value=_p, figure=figure)
    )
    path = out_dir / "profile.html"
    path.write_text(html, encoding="utf-8")
    return path


def render_pdf(html_path: Path, out_dir: Path) -> Path:
    from weasyprint import HTML

    path = out_dir / "profile.pdf"
    HTML(filename=str(html_path), base_url=str(out_dir)).write_pdf(str(path))
    return path


def _docx_table(doc, caption: str, header: list[str], rows: list[list[str]], numeric_from: int = 1):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph(caption, style="Caption")
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = h
        cell.paragraphs[0].runs[0].bold = True
    # Repeat the header row on every page, as a screen reader and a printed table need.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = str(v)
            if i >= numeric_from:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return t


def _docx_figure(doc, p: Profile, kind: str, number: str) -> None:
    from docx.shared import Cm

    f = p.figure(kind)
    if f is None:
        return
    doc.add_picture(str(f.path), width=Cm(16))
    # Alt text lives on the drawing's docPr element.
    doc.inline_shapes[-1]._inline.docPr.set("descr", f.alt_text)
    doc.inline_shapes[-1]._inline.docPr.set("title", f.title)
    doc.add_paragraph(f"{number}: {f.title}. {f.source}", style="Caption")


def render_docx(p: Profile, out_dir: Path) -> Path:
    """The same profile as an editable Word document."""
    from docx import Document
    from docx.shared import Pt

    c = content(p)
    doc = Document()
    doc.core_properties.title = f"Area profile: {p.area.name}"
    doc.core_properties.subject = p.period.label
    doc.core_properties.language = "en-GB"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(f"Area profile: {p.area.name}", level=0)
    doc.add_paragraph(
        f"{p.period.label}, compared with {p.baseline.label}. Made {p.made:%-d %B %Y}. "
        f"The area is {len(p.area.lsoas)} LSOAs (2021), from {p.area.built_from}."
    )

    doc.add_heading("Summary", level=1)
    doc.add_paragraph(
        f"Usual residents: {p.residents:,}. Households: {p.households:,}.", style="List Bullet"
    )
    for line in c["summary"]:
        doc.add_paragraph(line, style="List Bullet")

    doc.add_heading("Population and geography", level=1)
    _docx_table(
        doc,
        "Table 1: Wards the area covers",
        ["Ward (May 2024)", "District", "LSOAs in the area", "LSOAs in the ward"],
        [[w["ward_name"], w["lad_name"], w["lsoas"], w["ward_lsoas"]] for w in p.wards],
        numeric_from=2,
    )

    doc.add_heading("Deprivation", level=1)
    doc.add_paragraph(
        "English Indices of Deprivation 2025, by LSOA (2021). Decile 1 is the most deprived "
        f"tenth nationally (of {IMD_LSOAS_ENGLAND:,} LSOAs in England) and locally (of the "
        f"LSOAs of the {p.force.name if p.force else 'police force'} area)."
    )
    _docx_table(
        doc,
        "Table 2: LSOAs by national IMD decile",
        ["National decile (1 = most deprived)", *[str(d) for d in range(1, 11)]],
        [["LSOAs", *[p.national_deciles.get(d, 0) for d in range(1, 11)]]],
    )
    _docx_table(
        doc,
        "Table 3: Each LSOA's IMD rank and deciles (1 = most deprived)",
        [
            "LSOA",
            "Ward",
            "IMD rank",
            "National decile",
            "Local decile",
            "Income",
            "Employment",
            "Crime",
        ],
        [
            [
                r["lsoa21_name"],
                r["ward_name"],
                f"{r['imd_rank']:,}",
                r["imd_decile"],
                r["local_decile"],
                r["income_decile"],
                r["employment_decile"],
                r["crime_decile"],
            ]
            for r in p.deprivation
        ],
        numeric_from=2,
    )

    doc.add_heading("Crime and anti-social behaviour", level=1)
    header = ["Indicator", "Count", "Baseline", "Change", "Change %", "Rate"]
    if p.district:
        header.append(p.district.name)
    if p.force:
        header.append(p.force.name)
    header.append("Change is")
    rows = []
    for r in p.rates:
        row = [
            r.indicator,
            f"{r.count:,.0f}",
            f"{r.baseline_count:,.0f}",
            f"{r.change:+,.0f}" if r.change else "0",
            _pct(r.change_pct),
            _rate(r.rate),
        ]
        if p.district:
            row.append(_rate(r.district_rate))
        if p.force:
            row.append(_rate(r.force_rate))
        row.append("weighted: not tested" if r.weighted else r.classification)
        rows.append(row)
    _docx_table(doc, f"Table 4: Counts and rates per 1,000, {p.period.label}", header, rows)

    doc.add_heading("Monthly trend", level=1)
    _docx_figure(doc, p, "trend", "Figure 1")

    doc.add_heading("Place flags", level=1)
    if p.flags_run:
        doc.add_paragraph(
            f"From the latest flags run for {p.district.name if p.district else ''} (run "
            f"{p.flags_run['run_id']}, {p.flags_run['period']}). Flags describe whole wards."
        )
        _docx_table(
            doc,
            "Table 5: The area's wards in the latest flags run",
            ["Ward", "Flags", "Flagged on", "Proposed", "Category"],
            [
                [
                    w["ward_name"],
                    w["flag_count"],
                    ", ".join(w["flags"]) or "–",
                    w["proposed_category"] or "not listed",
                    w["category"] or "not listed",
                ]
                for w in p.flags
            ],
        )
    else:
        doc.add_paragraph("No flags run is held for the district.")

    doc.add_heading("Hot spots", level=1)
    if p.hotspot_area:
        if p.hotspots:
            _docx_table(
                doc,
                f"Table 6: The area's LSOAs that are hot or cold spots within {p.hotspot_area}",
                ["LSOA", "Ward", "Crimes", "z", "q", "Gi*"],
                [
                    [
                        h["lsoa_name"],
                        h["ward_name"],
                        f"{h['count']:,.0f}",
                        f"{h['z']:+.2f}",
                        _p(h["q_value"]),
                        h["classification"],
                    ]
                    for h in p.hotspots
                ],
                numeric_from=2,
            )
        else:
            doc.add_paragraph(
                f"None of the area's LSOAs is a hot or cold spot within {p.hotspot_area}."
            )
        _docx_figure(doc, p, "hotspots", "Figure 2")

    doc.add_heading("Concentration", level=1)
    if p.concentration:
        k = p.concentration
        doc.add_paragraph(
            f"{k['incidents']:,} crimes at {k['places']:,} police.uk map points. The busiest "
            f"10% of points hold {k['top_shares']['10']:.0f}% of crime; half of crime is at "
            f"{k['places_for_share']['50']:.0f}% of them. Gini {k['gini']:.2f}, generalised "
            f"Gini {k['generalised_gini']:.2f}."
        )
        _docx_table(
            doc,
            "Table 7: The busiest places in the area",
            ["Place", "Crimes"],
            [
                [
                    (b["name"] or b["place"]) + (f" ({b['ward']})" if b.get("ward") else ""),
                    f"{b['count']:,.0f}",
                ]
                for b in k["busiest"]
            ],
        )
        _docx_figure(doc, p, "concentration", "Figure 3")

    doc.add_heading("Harm", level=1)
    h = p.harm
    doc.add_paragraph(
        f"Crime harm: {h['harm']:,.0f} days ({_rate(h['harm_per_1000'], 0)} per 1,000 residents)."
    )
    _docx_table(
        doc,
        "Table 8: Share of harm beside share of volume",
        ["Crime type", "Count", "Weight (days)", "Share of volume", "Share of harm"],
        [
            [
                r["crime_type"],
                f"{r['count']:,}",
                "not weighted" if r["weight"] is None else f"{r['weight']:g}",
                _pct1(r["share_of_volume"]),
                _pct1(r["share_of_harm"]),
            ]
            for r in h["rows"]
        ],
    )

    doc.add_heading("Notes and sources", level=1)
    for n in c["notes"]:
        doc.add_paragraph(n, style="List Bullet")
    path = out_dir / "profile.docx"
    doc.save(str(path))
    return path


def _json_default(o: Any) -> Any:
    if isinstance(o, date | datetime):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)


def render_profile(p: Profile, out_dir: Path) -> dict[str, Path]:
    """Write the profile's HTML, PDF, Word document and JSON data into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(p, out_dir)
    data = out_dir / "profile.json"
    data.write_text(json.dumps(p.to_dict(), indent=2, default=_json_default) + "\n")
    return {
        "html": html,
        "pdf": render_pdf(html, out_dir),
        "docx": render_docx(p, out_dir),
        "json": data,
    }


def default_out_dir(name: str) -> Path:
    return Path(f"profile-{slug(name)}")
