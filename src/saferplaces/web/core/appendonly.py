"""Database triggers that refuse UPDATE and DELETE on the append-only tables.

Installed by migrations ``core.0002``, ``finance.0002`` and ``reviews.0002``. Only a test
harness that wipes the whole database between tests (Django's ``flush``) lifts them, and
puts them back before the next test.
"""

from __future__ import annotations

TABLES = (
    "core_auditevent",
    "actions_ragchange",
    "finance_yearevent",
    "finance_revisionline",
    "reviews_recommendationstatuschange",
)

_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION saferplaces_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;"
)


def _present(connection) -> list[str]:
    """The append-only tables this database has so far (each app's migration installs
    the triggers once its tables exist)."""
    have = set(connection.introspection.table_names())
    return [t for t in TABLES if t in have]


def install(connection) -> None:
    tables = _present(connection)
    with connection.cursor() as cur:
        for table in tables:
            if connection.vendor == "sqlite":
                for op in ("UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} "
                        f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
                    )
            elif connection.vendor == "postgresql":
                cur.execute(_PG_FUNCTION)
                cur.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cur.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION saferplaces_append_only();"
                )


def remove(connection) -> None:
    tables = _present(connection)
    with connection.cursor() as cur:
        for table in tables:
            if connection.vendor == "sqlite":
                for op in ("update", "delete"):
                    cur.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
            elif connection.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
