"""The suite runs on the database DATABASE_URL names: SQLite by default, PostgreSQL
when `make test` runs it again under scripts/with-postgres.sh."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_configured_backend_is_the_one_in_use():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone()[0] == 1
