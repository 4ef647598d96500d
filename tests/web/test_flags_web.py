"""Place flags in the web app: run, read, decide, and go from a flagged ward to the action
that responds to it. Flag counts are worked out here from the raw police.uk files by the
rule in methods.md, never through the code under test."""

from __future__ import annotations

import math
import re
import shutil
from html import escape, unescape

import pytest
from django.urls import reverse

from saferplaces.warehouse import Warehouse
from saferplaces.web.core.models import AuditEvent
from tests.helpers import raw

SOUTH_CAMBS = "E07000012"
CAMBOURNE = "E05014031"
LONGSTANTON = "E05013880"
CRIME_TYPES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]


@pytest.fixture
def writable(settings, loaded_path, tmp_path):
    """A warehouse of its own (flags runs and decisions are written into it)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return path


def flags_by_hand(months: set[str], top: float = 0.2) -> dict[str, int]:
    """{ward code: flag count} by the data group rule, from the raw files."""
    wards = {r["ward24_code"] for r in raw.lookup().values() if r["ltla24_code"] == SOUTH_CAMBS}
    counts = {w: raw.counts("ward24_code", w, months) for w in wards}
    dens = {w: raw.denominator("ward24_code", w) for w in wards}
    flags = dict.fromkeys(wards, 0)
    k = math.ceil(round(top * len(wards), 9))
    for t in CRIME_TYPES:
        per = 1 if t == "Burglary" else 0  # burglary per 1,000 households
        values = {w: round(counts[w][t] / dens[w][per] * 1000, 9) for w in wards}
        threshold = sorted(values.values(), reverse=True)[k - 1]
        for w, v in values.items():
            if v >= threshold and v > 0:
                flags[w] += 1
    return flags


def _run(client, demo, period="2025"):
    url = reverse("evidence:flags_run", args=[demo.slug])
    form = client.get(url).content.decode()
    indicators = re.findall(r'name="indicators" type="checkbox" value="([^"]+)" checked', form)
    return client.post(
        url,
        {
            "period": period,
            "indicators": indicators,
            "top": "0.2",
            "min_flags": "2",
            "measure": "rate",
        },
    )


def _row(html: str, ward: str) -> list[str]:
    m = re.search(
        r"<th[^>]*><a[^>]*>" + re.escape(escape(ward)) + r"</a></th>(.*?)</tr>", html, re.S
    )
    assert m, ward
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
        for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    ]


def test_no_run_yet(clients, demo, writable):
    html = clients["board"].get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    assert "No place flags have been run" in html and "Run place flags" not in html
    html = clients["analyst"].get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    assert "Run place flags" in html


def test_a_run_from_the_web_matches_the_rule_worked_by_hand(clients, demo, writable):
    resp = _run(clients["officer"], demo)
    assert resp.status_code == 302
    run_id = resp["Location"].split("run=")[1]
    html = clients["board"].get(resp["Location"]).content.decode()
    # The run is named by when it was made, never by its id (which stays in links and
    # form fields, out of sight).
    assert run_id not in re.sub(r"<[^>]*>", " ", html)
    expected = flags_by_hand(raw.months("2025-01", "2025-12"))
    assert len(expected) == 26
    names = {r["ward24_code"]: r["ward24_name"] for r in raw.lookup().values()}
    for code, n in expected.items():
        assert _row(html, names[code])[0] == str(n), names[code]
    # Stored in the warehouse, as the CLI would, with who made it.
    with Warehouse.open(writable, read_only=True) as wh:
        who = wh.scalar("SELECT created_by FROM flag_runs WHERE run_id = ?", [run_id])
    assert who == "Sam Patel (officer)"
    ev = AuditEvent.objects.get(model="places.FlagRun", object_id=run_id)
    assert ev.action == "create" and ev.username == "officer" and ev.partnership == demo
    assert ev.changes["period"] == "2025-01..2025-12"
    # The same inputs again: the same run, nothing new stored or logged.
    again = _run(clients["officer"], demo)
    assert again["Location"].endswith(run_id)
    assert AuditEvent.objects.filter(model="places.FlagRun").count() == 1


def test_a_decision_with_its_reason_stands_and_is_audited(clients, demo, writable):
    _run(clients["analyst"], demo)
    url = reverse("evidence:flag_decide", args=[demo.slug, LONGSTANTON])
    resp = clients["analyst"].post(url, {"category": "preventing", "reason": ""})
    assert resp.status_code == 200 and "Say why" in resp.content.decode()
    for who in ("board", "chair", "guest"):
        assert clients[who].post(url, {"category": "off", "reason": "x"}).status_code == 403
    resp = clients["analyst"].post(
        url, {"category": "preventing", "reason": "Northstowe new town: prevention focus."}
    )
    assert resp.status_code == 302
    ev = AuditEvent.objects.get(model="places.FlagDecision")
    assert ev.username == "analyst" and ev.reason == "Northstowe new town: prevention focus."
    assert ev.changes["category"][1] == "preventing"
    ward_page = (
        clients["board"]
        .get(reverse("evidence:flag_ward", args=[demo.slug, LONGSTANTON]))
        .content.decode()
    )
    assert "Preventing" in ward_page and "Northstowe new town" in ward_page
    assert "Priya Shah (analyst)" in ward_page
    flags = clients["board"].get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    row = _row(flags, "Longstanton")
    assert row[4].startswith("Preventing") and "Northstowe new town" in row[4]
    # The decision also stands in the warehouse for the CLI's `flags history`.
    with Warehouse.open(writable, read_only=True) as wh:
        got = wh.rows(
            "SELECT category, reason FROM flag_decisions WHERE ward_code = ?", [LONGSTANTON]
        )
    assert got == [("preventing", "Northstowe new town: prevention focus.")]


def test_from_a_flagged_ward_to_its_action_and_back(clients, demo, writable):
    """The demo links action 2.1 to Cambourne: the flags page leads to it, it leads back."""
    _run(clients["officer"], demo)
    flags = clients["board"].get(reverse("evidence:flags", args=[demo.slug])).content.decode()
    action_link = re.search(
        r'href="(/p/south-cambs/plan/actions/\d+/)">Action 2\.1</a>', _row_html(flags, "Cambourne")
    )
    assert action_link
    action = clients["board"].get(action_link.group(1)).content.decode()
    assert reverse("evidence:flag_ward", args=[demo.slug, CAMBOURNE]) in action
    expected = flags_by_hand(raw.months("2025-01", "2025-12"))[CAMBOURNE]
    assert f"{expected} flag" in action
    ward = (
        clients["board"]
        .get(reverse("evidence:flag_ward", args=[demo.slug, CAMBOURNE]))
        .content.decode()
    )
    assert "Action 2.1" in ward
    # Guests see the action, but not the evidence beside it.
    guest = clients["guest"].get(action_link.group(1)).content.decode()
    assert (
        "Place flags" not in guest
        and reverse("evidence:flag_ward", args=[demo.slug, CAMBOURNE]) not in guest
    )


def _row_html(html: str, ward: str) -> str:
    m = re.search(r"<th[^>]*><a[^>]*>" + re.escape(ward) + r"</a></th>(.*?)</tr>", html, re.S)
    return m.group(1)


def test_the_ward_evidence_page_shows_its_flags(clients, demo, writable):
    _run(clients["officer"], demo)
    html = (
        clients["board"].get(reverse("evidence:ward", args=[demo.slug, CAMBOURNE])).content.decode()
    )
    n = flags_by_hand(raw.months("2025-01", "2025-12"))[CAMBOURNE]
    assert f"flagged on {n} indicator" in html


def test_a_run_for_an_unknown_run_id_is_not_found(clients, demo, writable):
    assert (
        clients["board"].get(reverse("evidence:flags", args=[demo.slug]) + "?run=nope").status_code
        == 404
    )


def test_a_busy_warehouse_is_said_plainly(clients, demo, writable):
    """Another process writing (an ingest running) holds the file: the page says so."""
    holder = Warehouse.open(writable)  # a read-write connection the app does not know of
    try:
        resp = clients["officer"].get(reverse("evidence:flags_run", args=[demo.slug]))
    finally:
        holder.close()
    assert resp.status_code == 503
    assert "The evidence cannot be shown" in resp.content.decode()


def test_the_flags_form_asks_what_the_library_needs_in_its_own_words(clients, demo, writable):
    from saferplaces.core.messages import Hint
    from saferplaces.places.completeness import IncompletePeriodError
    from saferplaces.places.options import FLAGS
    from saferplaces.web.evidence.phrasing import web_text

    form = clients["analyst"].get(reverse("evidence:flags_run", args=[demo.slug])).content
    html = unescape(form.decode())
    # The form's fields are the declared options, with their questions and hints.
    for option in FLAGS.on("web"):
        assert option.label in html and option.help in html
    assert 'name="allow_incomplete"' in html
    # A library error names the parameter; the web says which box to tick.
    e = IncompletePeriodError(
        "Fire: 2025-12 missing: a flags run needs every month; choose a period that is loaded",
        Hint(", or ", FLAGS["allow_incomplete"].param(True, "give"), " to use the months held"),
    )
    assert web_text(e).endswith(
        "choose a period that is loaded, or tick “Rank a period with months missing” to use "
        "the months held"
    )
    assert "--" not in web_text(e)
    # A value the library refuses is refused by the form, in the form's words.
    url = reverse("evidence:flags_run", args=[demo.slug])
    resp = clients["analyst"].post(
        url, {"period": "2025", "top": "1.5", "min_flags": "2", "measure": "rate"}
    )
    assert "Enter a share between 0 and 1 (e.g. 0.2)." in unescape(resp.content.decode())
