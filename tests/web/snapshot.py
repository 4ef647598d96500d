"""The demo seed, made once per test database and then replayed row for row.

``saferplaces.web.demo.seed`` saves about three hundred records through the app's own
rules (``save_by``, the audit log, RAG history), a fifth of a CPU second each time; the
``demo`` fixture needs it in almost every web test. The first time, the seed runs and
every row it made is kept; after that, when the database is as it was before that first
seed (every table holding the same number of rows, up to the same largest key), the
same rows are inserted directly, keys and all, in one transaction. Anything else (a
test that made records before asking for ``demo``, another day) runs the seed itself.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

# (database vendor, database name, day) -> (state before the seed, rows the seed made)
_SNAPSHOTS: dict[tuple, tuple[tuple, list]] = {}


def _models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _state() -> tuple:
    """Every table's row count and largest key."""
    out = []
    for m in _models():
        agg = m._base_manager.aggregate(n=models.Count("pk"), top=models.Max("pk"))
        out.append((m._meta.label, agg["n"], agg["top"]))
    return tuple(out)


def seed_or_replay(seed) -> None:
    """Run ``seed`` the first time; afterwards insert the rows it made, when the
    database is in the state it was in then."""
    key = (connection.vendor, connection.settings_dict["NAME"], date.today())
    before = _state()
    found = _SNAPSHOTS.get(key)
    if found is not None and found[0] == before:
        _replay(found[1])
        return
    fresh = all(n == 0 for label, n, _ in before if label in _SEEDED)
    had = {m: set(m._base_manager.values_list("pk", flat=True)) for m in _models()} if fresh else {}
    seed()
    if fresh:
        _SNAPSHOTS[key] = (before, _rows_made(had))


# Tables the seed fills: it is kept only when it made them from nothing.
_SEEDED = {"auth.User", "partnerships.Partnership"}


def _rows_made(had: dict) -> list:
    rows = []
    for m, pks in had.items():
        fields = [f.attname for f in m._meta.concrete_fields]
        made = list(m._base_manager.exclude(pk__in=pks).order_by("pk").values(*fields))
        if made:
            rows.append((m, made))
    return rows


def _replay(rows: list) -> None:
    # One transaction: foreign keys are checked at its end, so the order of tables
    # does not matter.
    with transaction.atomic():
        for m, made in rows:
            m._base_manager.bulk_create([m(**r) for r in made])
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in rows]):
                cur.execute(sql)
