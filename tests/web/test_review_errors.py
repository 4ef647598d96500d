"""Closing an action point at a review without saying how: the error is shown on the
page, beside the note, with the choice made kept, with HTMX (the row comes back with
its error, not a bare 400 htmx would not show) and without it (the full page)."""

from __future__ import annotations

import re

from django.urls import reverse

from saferplaces.web.meetings.models import ActionPoint, ActionPointReview
from tests.web.conftest import open_point


def _selected(html: str) -> list[str]:
    return re.findall(r'<option value="(\w+)" selected>', html)


def test_closing_without_a_note_with_htmx_shows_the_error_in_the_row(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    point = open_point(m2)
    url = reverse("meetings:review", args=[demo.slug, m3.pk, point.pk])
    resp = clients["officer"].post(url, {"status": "closed", "note": "  "}, HTTP_HX_REQUEST="true")
    # htmx swaps in only 2xx responses: anything else and the officer sees nothing.
    assert resp.status_code == 200
    row = resp.content.decode()
    assert row.lstrip().startswith(f'<tr class="govuk-table__row" id="point-{point.pk}"')
    assert "govuk-form-group--error" in row and "Say how the action point was closed." in row
    assert f'aria-describedby="note-{point.pk}-hint note-{point.pk}-error"' in row
    assert _selected(row) == ["closed"]  # the choice made is kept
    point.refresh_from_db()
    assert point.status != "closed" and not ActionPointReview.objects.filter(point=point)


def test_closing_without_a_note_without_javascript_shows_the_error_page(clients, demo, meeting_day):
    _, m2, m3 = meeting_day
    point = open_point(m2)
    url = reverse("meetings:review", args=[demo.slug, m3.pk, point.pk])
    resp = clients["officer"].post(url, {"status": "closed", "note": ""})
    assert resp.status_code == 400
    html = resp.content.decode()
    # The summary links to the note box of this very row.
    assert f'<a href="#note-{point.pk}">Say how the action point was closed.</a>' in html
    assert f'id="note-{point.pk}"' in html and _selected(html) == ["closed"]
    assert ActionPoint.objects.get(pk=point.pk).status != "closed"
