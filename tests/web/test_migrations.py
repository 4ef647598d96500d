"""Migrations are checked in and match the models."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_do():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_every_app_has_migrations():
    from django.db.migrations.loader import MigrationLoader

    apps = {app for app, _ in MigrationLoader(None).disk_migrations}
    assert {"core", "partnerships", "meetings", "actions"} <= apps
