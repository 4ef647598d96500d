"""The audit log in plain words: who by name, what in a sentence, each change said with
its field's label and the values people know (names, choices), never "published_by:
(empty) → 1"."""

from __future__ import annotations

import html as htmllib

from django.contrib.auth import get_user_model
from django.urls import reverse

from saferplaces.web.core.audit_sentences import changes, sentence
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.evidence.models import GeneratedAssessment


def _audit_page(clients, demo, **params) -> str:
    url = reverse("partnerships:audit", args=[demo.slug])
    return htmllib.unescape(clients["chair"].get(url, params).content.decode())


def test_publishing_an_assessment_reads_as_a_sentence(clients, demo, published):
    GeneratedAssessment.objects.filter(pk=published.pk).update(published=False)
    url = reverse("evidence:assessment_publish", args=[demo.slug, published.name])
    assert clients["chair"].post(url, {"publish": "1"}).status_code == 302
    page = _audit_page(clients, demo, action="change")
    # The chair's login is "chair"; their name is Alex Morgan. The period "2025" is the
    # calendar year, January to December.
    title = "South Cambridgeshire, January 2025 to December 2025"
    assert f"Alex Morgan published the assessment '{title}'." in page
    for developer_words in ("published_by", "(empty)", "→", published.name, "evidence."):
        assert developer_words not in page, developer_words
    assert clients["chair"].post(url, {"publish": "0"}).status_code == 302
    page = _audit_page(clients, demo, action="change")
    assert f"Alex Morgan withdrew the assessment '{title}' from the public pages." in page
    # The pages name it the same way.
    listing = clients["chair"].get(reverse("evidence:assessments", args=[demo.slug]))
    assert title in htmllib.unescape(listing.content.decode())


def test_a_change_says_each_field_by_its_label(clients, demo, meetings):
    m3 = meetings[2]
    url = reverse("meetings:edit", args=[demo.slug, m3.pk])
    data = {
        "title": "Board (moved)",
        "body": "board",
        "date": m3.date.isoformat(),
        "start_time": "13:00",
        "end_time": "15:00",
        "location": m3.location,
        "status": "cancelled",
    }
    assert clients["officer"].post(url, data).status_code == 302
    page = _audit_page(clients, demo, action="change")
    assert f"Sam Patel changed the meeting 'Board (moved), {m3.date:%-d %B %Y}'." in page
    assert "Title changed from 'Partnership board' to 'Board (moved)'." in page
    # A choice is said by its label, not its stored value.
    assert "Status changed from 'Planned' to 'Cancelled'." in page


def test_related_records_and_people_are_named(db):
    user = get_user_model()(username="asmith", first_name="Alex", last_name="Smith")
    user.save()
    ev = AuditEvent(
        user=user,
        username="asmith",
        action="change",
        model="meetings.Minute",
        object_id="1",
        object_repr="Minutes of Item 4: Budget",
        changes={
            "status": ["draft", "agreed"],
            "agreed_by": [None, user.pk],
            "agreement_note": ["", "Agreed as a correct record."],
            "agreed_on": ["2026-10-06", None],
        },
    )
    assert sentence(ev) == "Alex Smith changed the minute 'Minutes of Item 4: Budget'."
    assert changes(ev) == [
        "Status changed from 'Draft' to 'Agreed'.",
        "Agreed by set to 'Alex Smith'.",
        "Agreement note set to 'Agreed as a correct record.'.",
        "Agreed on cleared (was '2026-10-06').",
    ]


def test_who_when_the_account_is_gone_or_there_was_none():
    gone = AuditEvent(user=None, username="former", action="archive", model="meetings.Decision")
    gone.object_repr = "Decision on Item 2: Minutes"
    assert sentence(gone) == "former archived the decision 'Decision on Item 2: Minutes'."
    system = AuditEvent(user=None, username="", action="create", model="auth.User")
    system.object_repr = "Account asmith"
    assert sentence(system) == "The system added the account 'Account asmith'."
    read = AuditEvent(user=None, username="x", action="view", model="meetings.AgendaItem")
    read.object_repr = "Item 8: Review"
    assert sentence(read) == "x viewed the restricted agenda item 'Item 8: Review'."


def test_runs_and_decisions_kept_outside_the_database_read_as_what_was_done():
    run = AuditEvent(user=None, username="analyst", action="create", model="places.FlagRun")
    run.object_repr = "South Cambridgeshire, January 2025 to December 2025"
    assert sentence(run) == (
        "analyst ran place flags for 'South Cambridgeshire, January 2025 to December 2025'."
    )
    decided = AuditEvent(user=None, username="", action="create", model="places.FlagDecision")
    decided.object_repr = "Longstanton (E05013880): preventing"
    assert sentence(decided) == (
        "The system decided the place flag category of 'Longstanton (E05013880): preventing'."
    )
