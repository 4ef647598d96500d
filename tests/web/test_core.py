"""The shared core: audit log, tracked records, roles, the GOV.UK components."""

from __future__ import annotations

import pytest
from django import forms
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.urls import reverse

from saferplaces.web.core.models import AppendOnly, AuditEvent
from saferplaces.web.core.permissions import CAPABILITIES, ROLES, can
from saferplaces.web.meetings.models import Meeting
from tests.web import factories


# These tests need the five logins and the officer's meetings, not the whole demo seed:
# the fixtures they name are made small here (docs/testing.md).
@pytest.fixture
def demo(partnership, board):
    return partnership


@pytest.fixture
def meetings(demo, board):
    officer = board["officer"].user
    return tuple(factories.meeting(demo, days=d, by=officer) for d in (-150, -60, 30))


def test_audit_log_is_append_only_in_code_and_database(demo):
    ev = AuditEvent.objects.first()
    ev.reason = "tampered"
    with pytest.raises(AppendOnly):
        ev.save()
    with pytest.raises(AppendOnly):
        ev.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=ev.pk).update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    for sql in ("UPDATE core_auditevent SET reason = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert not AuditEvent.objects.filter(reason="x").exists()


def test_changes_are_recorded_field_by_field(clients, demo, meetings):
    m3 = meetings[2]
    url = reverse("meetings:edit", args=[demo.slug, m3.pk])
    data = {
        "title": "Board (moved)",
        "body": "board",
        "date": m3.date.isoformat(),
        "start_time": "13:00",
        "end_time": "15:00",
        "location": m3.location,
        "online": "on",
        "online_details": m3.online_details,
        "status": "planned",
    }
    assert clients["officer"].post(url, data).status_code == 302
    ev = AuditEvent.objects.filter(action="change", model="meetings.Meeting").get()
    assert ev.changes["title"] == ["Partnership board", "Board (moved)"]
    assert ev.changes["start_time"] == ["10:00:00", "13:00:00"]
    assert "location" not in ev.changes
    m = Meeting.objects.get(pk=m3.pk)
    assert m.modified_by.username == "officer" and m.created_by.username == "officer"
    page = clients["chair"].get(reverse("partnerships:audit", args=[demo.slug]) + "?action=change")
    assert "Board (moved)" in page.content.decode()


def test_permission_table_covers_every_role():
    roles = {r for r, _ in ROLES}
    for name, (_, allowed) in CAPABILITIES.items():
        assert allowed <= roles, name
    assert "guest" not in CAPABILITIES["view_restricted"][1]


def test_superuser_can_everything_without_membership(demo, django_user_model):
    su = django_user_model.objects.create_superuser("root", password="x-very-long-pass")
    assert all(can(su, demo, c) for c in CAPABILITIES)
    with pytest.raises(KeyError):
        can(su, demo, "fly")


class _Demo(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the agenda")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    tick = forms.BooleanField(label="Tick", required=False)
    pick = forms.ChoiceField(
        label="Pick", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect
    )


def test_govuk_field_markup_links_hint_and_error():
    f = _Demo({"name": "", "kind": "a", "pick": "z"})
    assert not f.is_valid()
    html = Template("{% govuk_error_summary f %}{% govuk_fields f %}").render(Context({"f": f}))
    assert 'class="govuk-error-summary"' in html and 'href="#id_name"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert "Notes (optional)" in html and 'class="govuk-textarea"' in html
    assert 'class="govuk-select"' in html and 'class="govuk-checkboxes__input"' in html
    assert '<legend class="govuk-fieldset__legend' in html and 'class="govuk-radios__input"' in html
    assert '<span class="govuk-visually-hidden">Error:</span>' in html


def test_no_errors_no_summary():
    f = _Demo({"name": "x", "kind": "a", "pick": "x"})
    assert f.is_valid()
    assert Template("{% govuk_error_summary f %}").render(Context({"f": f})) == ""


def test_settings_for_running_behind_https():
    """Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, send cookies only over
    HTTPS, and accept form posts from the public origins given."""
    from saferplaces.web.config import https_settings

    assert https_settings({}) == {
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }
    got = https_settings(
        {
            "SAFERPLACES_BEHIND_HTTPS_PROXY": "1",
            "SAFERPLACES_CSRF_TRUSTED_ORIGINS": "https://csp.example.org, https://www.example.org",
        }
    )
    assert got == {
        "CSRF_TRUSTED_ORIGINS": ["https://csp.example.org", "https://www.example.org"],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    # Secure cookies can be asked for on their own (TLS straight to the app).
    assert https_settings({"SAFERPLACES_SECURE_COOKIES": "1"})["SESSION_COOKIE_SECURE"] is True
    assert (
        https_settings({"SAFERPLACES_BEHIND_HTTPS_PROXY": "1", "SAFERPLACES_SECURE_COOKIES": "0"})[
            "CSRF_COOKIE_SECURE"
        ]
        is False
    )


def test_a_bad_trusted_origin_is_one_clear_error():
    from saferplaces.web.config import ConfigError, https_settings

    with pytest.raises(ConfigError, match=r"SAFERPLACES_CSRF_TRUSTED_ORIGINS.*csp\.example\.org"):
        https_settings({"SAFERPLACES_CSRF_TRUSTED_ORIGINS": "csp.example.org"})


def test_the_running_settings_use_them(settings):
    from django.conf import settings as live

    assert live.SECURE_PROXY_SSL_HEADER is None and live.CSRF_TRUSTED_ORIGINS == []
