"""The web app's files are not readable by other local users (issue 18 §11): the SQLite
database 0600, uploaded papers 0640, generated assessments 0640 in 0750 folders."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import restricted_item


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_database_is_the_owners_alone(tmp_path):
    """Made by the web app as `saferplaces serve` makes it, under a umask that would
    leave new files readable by everyone; its WAL files while a connection is open."""
    env = {**os.environ, "SAFERPLACES_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    script = (
        "import os, json, stat\n"
        "os.umask(0o022)\n"
        "from saferplaces.web import runtime\n"
        "runtime.setup(); runtime.migrate()\n"
        "from django.db import connection\n"
        "connection.cursor().execute('SELECT count(*) FROM core_auditevent')\n"
        "home = os.environ['SAFERPLACES_HOME']\n"
        "print(json.dumps({p: stat.S_IMODE(os.stat(os.path.join(home, p)).st_mode)"
        " for p in os.listdir(home) if p.startswith('web.sqlite3')}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    modes = json.loads(out.strip().splitlines()[-1])
    assert "web.sqlite3" in modes and "web.sqlite3-wal" in modes
    assert modes == {name: 0o600 for name in modes}


def test_an_uploaded_restricted_paper_is_not_world_readable(clients, demo, meetings, settings):
    old = os.umask(0o022)
    try:
        item = restricted_item(meetings[2])
        resp = clients["officer"].post(
            reverse("meetings:paper_add", args=[demo.slug, meetings[2].pk, item.pk]),
            {"title": "Tasking", "file": SimpleUploadedFile("tasking.pdf", b"%PDF-1.4 x")},
        )
    finally:
        os.umask(old)
    assert resp.status_code == 302
    paper = item.papers.get(title="Tasking")
    path = Path(paper.file.path)
    assert _mode(path) == 0o640
    assert _mode(path.parent) & 0o007 == 0
    assert _mode(Path(settings.MEDIA_ROOT)) & 0o007 == 0


def test_a_generated_assessment_is_not_world_readable(clients, demo, settings):
    settings.SAFERPLACES_ASSESSMENT_INLINE = True
    settings.SAFERPLACES_ASSESSMENT_FORMATS = ("html",)
    old = os.umask(0o022)
    try:
        resp = clients["analyst"].post(
            reverse("evidence:assessment_new", args=[demo.slug]),
            {"period": "2025", "baseline": "2024", "edition": "restricted"},
        )
    finally:
        os.umask(old)
    assert resp.status_code == 302
    root = Path(settings.SAFERPLACES_ASSESSMENTS) / demo.slug
    made = [p for p in root.rglob("*")]
    assert any(p.name == "assessment.html" for p in made)
    assert _mode(root) == 0o750
    for p in made:
        assert _mode(p) == (0o750 if p.is_dir() else 0o640), p
