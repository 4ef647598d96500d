"""The web app's settings and pages are documented."""

from __future__ import annotations

from pathlib import Path

from saferplaces.web.config import WEB_SETTINGS
from saferplaces.web.core.permissions import CAPABILITIES, ROLES

ROOT = Path(__file__).resolve().parents[2]


def test_every_web_setting_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text()
    for s in WEB_SETTINGS:
        assert f"`{s.name}`" in text and f"`{s.env}`" in text, s.name


def test_roles_and_capabilities_are_documented():
    text = (ROOT / "docs" / "web.md").read_text()
    for _, label in ROLES:
        assert label in text, label
    for name in CAPABILITIES:
        assert f"`{name}`" in text, name
