"""Fifty people on the meeting pages at once, while data is loaded (issue 18 §2, issue 16
§5): a real `saferplaces serve` (gunicorn, three workers) on loopback, fifty threads
each signed in as their own member, twelve officers submitting action points at the
same moment, and `saferplaces ingest police-uk` loading the warehouse meanwhile. Run on
SQLite here and on PostgreSQL under `scripts/with-postgres.sh` (`make test` does both).

Before WAL, a busy timeout and per-request transactions, SQLite gave "database is
locked" to 40 of 145 such requests and 9 of 12 simultaneous submissions failed.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections import Counter

import pytest

from tests.helpers.raw import STREET
from tests.web.served import ROOT, SAFERPLACES, Browser, served

USERS = 50
ROUNDS = 2
pytestmark = [pytest.mark.slow, pytest.mark.database]


def _pages(setup: dict) -> dict[str, str]:
    s = setup["slug"]
    return {
        "meeting": f"/p/{s}/meetings/{setup['read_meeting']}/",
        "register": f"/p/{s}/meetings/action-points/",
        "list": f"/p/{s}/meetings/",
    }


def _reads_per_page(site, setup: dict, role_users: dict[str, str]) -> dict[str, dict]:
    """How many restricted records each role is shown on each page: read once per role
    before the load, counted from the audit log."""
    before = site.run("audit")["counts"]
    for username in role_users.values():
        b = Browser(site.url, username)
        b.sign_in(setup["password"])
        for path in _pages(setup).values():
            b.request(path)
        assert not b.errors, b.errors
    after = site.run("audit")["counts"]
    out = {}
    for role, username in role_users.items():
        grew = Counter(after.get(username, {})) - Counter(before.get(username, {}))
        views = sum(n for k, n in grew.items() if k.startswith("view "))
        out[role] = views
    return out


def test_fifty_people_read_and_write_meeting_pages_while_data_loads(tmp_path, reference_template):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(reference_template, warehouse)
    with served(tmp_path, warehouse, members=USERS) as site:
        setup = site.setup
        roles = dict(setup["users"])
        first_of_role = {}
        for name, role in setup["users"]:
            first_of_role.setdefault(role, name)
        per_role = _reads_per_page(site, setup, first_of_role)
        # Every role but the guest is shown restricted records on these pages.
        assert per_role["guest"] == 0 and all(n > 0 for r, n in per_role.items() if r != "guest"), (
            per_role
        )
        before = site.run("audit")["counts"]

        pages = _pages(setup)
        s = setup["slug"]
        minutes = f"/p/{s}/meetings/{setup['write_meeting']}/items/{setup['write_item']}/minutes/"
        officers = [n for n, r in setup["users"] if r == "officer"]
        together = threading.Barrier(len(officers))
        browsers = {name: Browser(site.url, name) for name, _ in setup["users"]}

        def person(b: Browser) -> None:
            b.sign_in(setup["password"])
            for r in range(ROUNDS):
                for path in pages.values():
                    b.request(path)
                if roles[b.username] == "officer" and r == 1:
                    together.wait(timeout=300)
                    b.request(
                        minutes,
                        {
                            "form": "action",
                            "action-text": f"Action for {b.username}",
                            "action-owner": setup["owner"],
                            "action-status": "open",
                        },
                    )

        ingest = subprocess.Popen(
            [*SAFERPLACES, "ingest", "police-uk", str(STREET), "--warehouse", str(warehouse)],
            env=site.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threads = [threading.Thread(target=person, args=(b,)) for b in browsers.values()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        loaded, _ = ingest.communicate(timeout=600)
        after = site.run("audit")

    # No error for anyone, and the load went through.
    hits = [h for b in browsers.values() for h in b.hits]
    errors = [(b.username, h) for b in browsers.values() for h in b.errors]
    assert errors == [], errors[:5]
    assert len(hits) == USERS * (2 + ROUNDS * len(pages)) + len(officers)
    assert ingest.returncode == 0, loaded[-2000:]

    # Every audit row written during the run matches a request that was served.
    grew = {
        u: Counter(after["counts"].get(u, {})) - Counter(before.get(u, {}))
        for u in set(after["counts"]) | set(before)
    }
    for name, b in browsers.items():
        mine = grew.get(name, Counter())
        served_reads = sum(1 for h in b.hits if h.method == "GET" and h.path in pages.values())
        assert served_reads == ROUNDS * len(pages)
        # The restricted records shown on each round's pages, no more, no fewer.
        views = sum(n for k, n in mine.items() if k.startswith("view "))
        assert views == ROUNDS * per_role[roles[name]], (name, dict(mine))
        assert mine["sign_in auth.User"] == 1, (name, dict(mine))
        posted = sum(1 for h in b.hits if h.method == "POST" and h.path == minutes)
        assert mine["create meetings.ActionPoint"] == posted
        other = (
            set(mine)
            - {k for k in mine if k.startswith("view ")}
            - {"sign_in auth.User", "create meetings.ActionPoint"}
        )
        assert not other, (name, other)
    # Each officer's action point once, by that officer, each with its own number.
    made = [(u, t, n) for u, t, n in after["points"] if t.startswith("Action for ")]
    assert sorted((u, t) for u, t, _ in made) == sorted((n, f"Action for {n}") for n in officers)
    assert len({n for *_, n in made}) == len(officers)
