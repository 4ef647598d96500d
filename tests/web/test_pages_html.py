"""Every page's HTML: ids are unique, every label and error link points at a field.

axe-core no longer reports duplicate ids, yet a repeated ``id`` sends a label, or an
error summary's link, to the wrong field. Checked here on every page a signed-in
officer (who sees every form but the chair's) can open, the chair's forms as the chair,
and on the forms after a failed submission.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.web.test_access_every_view import EXPECTED, WHO, url_for

IDS = re.compile(r"\sid=\"([^\"]+)\"")
FOR = re.compile(r"<label[^>]*\sfor=\"([^\"]+)\"")
LINKS = re.compile(r"govuk-error-summary__list\">(.*?)</ul>", re.S)


def problems(html: str) -> list[str]:
    ids = Counter(IDS.findall(html))
    out = [f"id {k!r} used {n} times" for k, n in ids.items() if n > 1]
    out += [f"label for missing id {f!r}" for f in FOR.findall(html) if f not in ids]
    for block in LINKS.findall(html):
        out += [
            f"error link to missing id {h!r}"
            for h in re.findall(r'href="#([^"]+)"', block)
            if h not in ids
        ]
    return out


# Files (documents, papers, generated assessments, the calendar feed) are not pages of
# the app.
FILES = {
    "meetings:agenda_pack",
    "meetings:calendar",
    "meetings:minutes",
    "meetings:paper",
    "evidence:assessment_file",
    "published:file",
    "finance:document",
    "finance:funder_return",
    "finance:giving360",
    "finance:published_file",
    "planning:export",
    "planning:record",
    "agreements:download",
}


def _opened_by_officer_or_chair(name: str) -> bool:
    # Not every named view is a page here: a redirect (a funder return chosen on a form)
    # or a county's page, which the demo district does not have (404 to every role).
    return 200 in (EXPECTED[name][WHO.index("officer")], EXPECTED[name][WHO.index("chair")])


HTML_PAGES = sorted(n for n in EXPECTED if n not in FILES and _opened_by_officer_or_chair(n))


@pytest.mark.parametrize("name", HTML_PAGES)
def test_ids_are_unique_and_labels_point_at_fields(name, clients, demo, meetings, paper, published):
    url = url_for(name, demo, meetings, paper, published)
    # The chair's own forms (approving a revision, reopening a year) are the chair's.
    who = "officer" if EXPECTED[name][WHO.index("officer")] == 200 else "chair"
    resp = clients[who].get(url)
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/html"), url
    assert problems(resp.content.decode()) == [], url


def test_item_minutes_forms_each_point_at_their_own_fields(clients, demo, meetings):
    m3 = meetings[2]
    item = m3.items().get(number="6")
    url = reverse("meetings:item_minutes", args=[demo.slug, m3.pk, item.pk])
    html = clients["officer"].get(url).content.decode()
    labels = dict(re.findall(r'<label[^>]*for="([^"]+)"[^>]*>([^<]*)', html))
    assert labels["id_minute-text"] == "Minutes of this item"
    assert labels["id_decision-text"] == "Decision"
    assert labels["id_action-text"] == "Action point"
    resp = clients["officer"].post(
        url, {"form": "action", "action-text": "", "action-status": "open"}
    )
    html = resp.content.decode()
    assert problems(html) == []
    assert '<a href="#id_action-text">' in html and '<a href="#id_action-owner">' in html
