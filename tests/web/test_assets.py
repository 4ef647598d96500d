"""Front-end assets are vendored and served locally: no CDN, no GOV.UK-only branding."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "saferplaces" / "web"
STATIC = WEB / "static"


def test_templates_load_nothing_from_other_hosts():
    offenders = []
    for path in (WEB / "templates").rglob("*.html"):
        for m in re.finditer(r'(?:src|href)="(https?:)?//', path.read_text()):
            offenders.append(f"{path.relative_to(WEB)}: {m.group(0)}")
    assert not offenders, offenders


def test_govuk_frontend_is_vendored_without_gds_transport_or_crown():
    css = (STATIC / "govuk" / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "system-ui" in css
    assert (STATIC / "govuk" / "govuk-frontend.min.js").stat().st_size > 10_000
    assert not list(STATIC.rglob("*.woff*")), "no font files are vendored"
    assert not list(STATIC.rglob("*crest*")) and not list(STATIC.rglob("*crown*"))
    vendored = (STATIC / "govuk" / "VENDORED.md").read_text()
    assert re.search(r"govuk-frontend \| \d+\.\d+\.\d+ \| MIT", vendored)
    assert re.search(r"htmx\.org \| \d+\.\d+\.\d+ \| 0BSD", vendored)


def test_static_files_are_served_by_the_app(client, db):
    resp = client.get("/static/govuk/govuk-frontend.min.css")
    assert resp.status_code == 200
    resp = client.get("/static/htmx/htmx.min.js")
    assert resp.status_code == 200


def test_header_is_generic(client, db):
    html = client.get("/").content.decode()
    assert "govuk-generic-header" in html and "saferplaces" in html
    assert "govuk-header__logotype" not in html and "GOV.UK" not in html


def test_every_url_in_the_css_is_a_file_we_serve():
    """No rule points at a file not vendored (the crest images are gov.uk's alone)."""
    css = (STATIC / "govuk" / "govuk-frontend.min.css").read_text()
    missing = [
        u
        for u in re.findall(r'url\("?([^")]+)"?\)', css)
        if not u.startswith("data:") and not (STATIC / u.removeprefix("/static/")).exists()
    ]
    assert missing == []
