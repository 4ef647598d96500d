"""Security headers (issue 18 §11): a Content-Security-Policy on every page, no caching
of anything served to a signed-in person, and only the configured host names."""

from __future__ import annotations

import os
import subprocess
import sys

from django.urls import reverse

from saferplaces.web.core.security import CONTENT_SECURITY_POLICY
from tests.web.conftest import restricted_item


def _directives(header: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in header.split(";"))


def test_every_page_carries_the_content_security_policy(clients, demo, meetings):
    pages = [
        ("anonymous", reverse("home")),
        ("anonymous", reverse("login")),
        ("anonymous", reverse("partnerships:detail", args=[demo.slug])),
        ("board", reverse("meetings:detail", args=[demo.slug, meetings[0].pk])),
        ("board", reverse("evidence:indicators", args=[demo.slug])),
        ("anonymous", "/no/such/page/"),
    ]
    for who, url in pages:
        resp = clients[who].get(url)
        csp = _directives(resp["Content-Security-Policy"])
        # Written out here, not read from the code: what the policy must say.
        assert csp["script-src"] == "'self'", url
        assert csp["style-src"] == "'self'", url
        assert csp["object-src"] == "'none'", url
        assert csp["frame-ancestors"] == "'none'", url
        assert csp["form-action"] == "'self'", url
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["X-Frame-Options"] == "DENY"
        assert resp["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(clients, demo, meetings):
    """The policy forbids inline script and style: the pages must not need them."""
    for url in (
        reverse("meetings:detail", args=[demo.slug, meetings[0].pk]),
        reverse("evidence:wards", args=[demo.slug]),
        reverse("actions:plan", args=[demo.slug]),
    ):
        html = clients["board"].get(url).content.decode()
        assert "style=" not in html, url
        assert "<script>" not in html and "<style" not in html, url
        assert " onclick=" not in html and "javascript:" not in html, url


def test_a_generated_document_keeps_its_own_sandboxed_policy(clients, demo, settings):
    from pathlib import Path

    folder = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug / "from-the-cli"
    folder.mkdir(parents=True)
    (folder / "assessment.html").write_text("<!DOCTYPE html><title>SA</title><h1>SA</h1>")
    resp = clients["board"].get(
        reverse("evidence:assessment_file", args=[demo.slug, "from-the-cli", "html"])
    )
    assert resp["Content-Security-Policy"].startswith("sandbox")
    assert resp["Content-Security-Policy"] != CONTENT_SECURITY_POLICY


def test_nothing_served_to_a_signed_in_person_is_cached(clients, demo, meetings, paper):
    item = restricted_item(meetings[0])
    for url in (
        reverse("meetings:detail", args=[demo.slug, meetings[0].pk]),
        reverse("meetings:item_minutes", args=[demo.slug, meetings[0].pk, item.pk]),
        reverse("meetings:paper", args=[demo.slug, meetings[2].pk, paper.pk]),
        reverse("meetings:minutes", args=[demo.slug, meetings[0].pk, "pdf"]),
        reverse("partnerships:audit", args=[demo.slug]),
    ):
        resp = clients["officer"].get(url)
        assert resp.status_code == 200, url
        cache = {d.strip() for d in resp["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache, url


def test_public_pages_for_the_public_are_not_marked_private(clients, demo):
    resp = clients["anonymous"].get(reverse("partnerships:detail", args=[demo.slug]))
    assert "no-store" not in resp.get("Cache-Control", "")


def test_testserver_is_not_an_allowed_host():
    """Django's test runner adds "testserver" for tests; the settings themselves must not."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "saferplaces.web.settings"}
    env.pop("SAFERPLACES_ALLOWED_HOSTS", None)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(','.join(settings.ALLOWED_HOSTS))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "127.0.0.1,localhost"
