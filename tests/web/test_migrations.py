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


def test_system_check_finds_no_errors():
    """`migrate` and `serve` run Django's system check first, but tests call commands
    without it: two apps once both named their reverse accessor Partnership.submissions
    and only a real start-up would have failed."""
    call_command("check", fail_level="ERROR", stdout=io.StringIO())


@pytest.mark.django_db
def test_every_app_has_migrations():
    from django.db.migrations.loader import MigrationLoader

    apps = {app for app, _ in MigrationLoader(None).disk_migrations}
    assert {"core", "partnerships", "meetings", "actions"} <= apps


@pytest.mark.slow
@pytest.mark.database
@pytest.mark.django_db(transaction=True)
def test_migrations_run_backwards_and_forwards_again():
    """Every app of ours unmigrates to nothing (the append-only triggers come off with
    their migration) and migrates back up; the tables are there again, empty."""
    from django.db import connection

    ours = ["evidence", "actions", "meetings", "core", "partnerships"]
    for app in ours:
        call_command("migrate", app, "zero", verbosity=0)
    tables = set(connection.introspection.table_names())
    assert not {t for t in tables if t.split("_")[0] in ours}
    call_command("migrate", verbosity=0)
    tables = set(connection.introspection.table_names())
    assert {"core_auditevent", "meetings_actionpoint", "evidence_generatedassessment"} <= tables
    # The triggers are back: the audit log refuses a change again.
    from django.db import DatabaseError, transaction

    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO core_auditevent (at, username, action, model, object_id, "
            "object_repr, restricted, changes, reason) VALUES "
            "(CURRENT_TIMESTAMP, 'x', 'create', 'm', '1', 'r', FALSE, '{}', '')"
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent")
    from saferplaces.web.core import appendonly

    appendonly.remove(connection)  # so the test database can be wiped afterwards
