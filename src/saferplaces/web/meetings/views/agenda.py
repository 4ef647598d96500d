"""The meeting and its agenda: details, items, papers, public questions, declarations,
and correcting or archiving any of them (see :mod:`saferplaces.web.meetings.records`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.pages import form_page
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.agreement import refusal
from saferplaces.web.meetings.models import Paper
from saferplaces.web.meetings.records import KINDS
from saferplaces.web.meetings.views.common import get_item, get_meeting, meeting_url
from saferplaces.web.meetings.visibility import Reader


@partnership_view("edit_meetings")
def meeting_edit(request, p, pk=None):
    meeting = get_meeting(p, pk) if pk else None
    form = f.MeetingForm(request.POST or None, instance=meeting)
    frozen = refusal(meeting) if meeting else ""
    if request.method == "POST" and frozen:
        _refuse(form, frozen)
    elif request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.partnership = p
        obj.save_by(request.user)
        messages.success(request, "Meeting saved.")
        return redirect("meetings:detail", p.slug, obj.pk)
    return form_page(
        request,
        form,
        title="Change the meeting" if meeting else "Create a meeting",
        caption=p.name,
        back=meeting_url(p, meeting) if meeting else reverse("meetings:list", args=[p.slug]),
        **_locked(request, frozen),
    )


def _refuse(form, why: str) -> None:
    """A POST that would change agreed minutes: refused, with what was typed kept."""
    form.is_valid()
    form.add_error(None, why)


def _locked(request, why: str) -> dict:
    """The page of a record agreed minutes hold: the reason shown, no button to save, and
    a refused POST answered 400."""
    if not why:
        return {}
    return {"notice": why, "locked": True, "status": 400 if request.method == "POST" else None}


@partnership_view("edit_meetings")
def item_edit(request, p, pk, item_pk=None):
    meeting = get_meeting(p, pk)
    item = get_item(meeting, item_pk) if item_pk else None
    # The form writes its values onto the item as it validates: keep the position held.
    kept_order = item.order if item else None
    form = f.AgendaItemForm(request.POST or None, instance=item, partnership=p)
    if item is None and not request.POST:
        form.initial.update({"number": str(meeting.items().count() + 1)})
    frozen = refusal(meeting)
    if request.method == "POST" and frozen:
        _refuse(form, frozen)
    elif request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.meeting = meeting
        if form.cleaned_data.get("order") is None:
            # Left empty: an item keeps its place; a new one goes at the end.
            last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
            obj.order = kept_order if item else last + 10
        obj.save_by(request.user)
        messages.success(request, f"Item {obj.number} saved.")
        if "another" in request.POST:
            return redirect("meetings:item_add", p.slug, meeting.pk)
        return redirect("meetings:detail", p.slug, meeting.pk)
    if item is not None and item.restricted:
        AuditEvent.record(request.user, "view", item)
    return form_page(
        request,
        form,
        template="meetings/item_form.html",
        title=f"Change item {item.number}" if item else "Add an agenda item",
        caption=str(meeting),
        back=meeting_url(p, meeting),
        meeting=meeting,
        item=item,
        **_locked(request, frozen),
    )


def _add_record(
    request, p, meeting, form, *, title: str, attach, done: str, multipart=False, frozen=""
):
    """A form page that adds one record to ``meeting`` (``attach`` sets its parent);
    ``frozen`` says why the meeting's record can no longer change, if it cannot."""
    if request.method == "POST" and frozen:
        _refuse(form, frozen)
    elif request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        attach(obj)
        obj.save_by(request.user)
        messages.success(request, done.format(obj=obj))
        return redirect("meetings:detail", p.slug, meeting.pk)
    return form_page(
        request,
        form,
        title=title,
        caption=str(meeting),
        back=meeting_url(p, meeting),
        multipart=multipart,
        **_locked(request, frozen),
    )


@partnership_view("edit_meetings")
def paper_add(request, p, pk, item_pk):
    meeting = get_meeting(p, pk)
    item = get_item(meeting, item_pk)
    form = f.PaperForm(request.POST or None, request.FILES or None)
    return _add_record(
        request,
        p,
        meeting,
        form,
        title=f"Add a paper to item {item.number}",
        attach=lambda obj: setattr(obj, "item", item),
        done="Paper {obj.title} added.",
        multipart=True,
    )


@partnership_view("edit_meetings")
def question_add(request, p, pk):
    meeting = get_meeting(p, pk)
    return _add_record(
        request,
        p,
        meeting,
        f.QuestionForm(request.POST or None),
        title="Record a public question",
        attach=lambda obj: setattr(obj, "meeting", meeting),
        done="Public question recorded.",
    )


@partnership_view("edit_meetings")
def declaration_add(request, p, pk):
    meeting = get_meeting(p, pk)
    return _add_record(
        request,
        p,
        meeting,
        f.DeclarationForm(request.POST or None, partnership=p, meeting=meeting),
        title="Record a declaration of interest",
        attach=lambda obj: setattr(obj, "meeting", meeting),
        done="Declaration of interest recorded.",
        frozen=refusal(meeting),
    )


def _record(p, pk, kind, record_pk):
    meeting = get_meeting(p, pk)
    if kind not in KINDS:
        raise Http404("No such kind of record.")
    k = KINDS[kind]
    return meeting, k, get_object_or_404(k.lookup(meeting), pk=record_pk)


@partnership_view("edit_meetings")
def record_edit(request, p, pk, kind, record_pk):
    """Correct a record of the meeting (a question's response may come later)."""
    meeting, k, record = _record(p, pk, kind, record_pk)
    if k.form is None:
        raise Http404("This record is changed on its own page.")
    form = k.form(request.POST or None, None, record, p, meeting)
    frozen = k.frozen(record)
    if request.method == "POST" and frozen:
        form.is_valid()
        form.add_error(None, frozen)
    elif request.method == "POST" and form.is_valid():
        form.save(commit=False).save_by(request.user)
        messages.success(request, f"The {k.noun} was corrected.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    if record.is_restricted():
        AuditEvent.record(request.user, "view", record)
    return form_page(
        request,
        form,
        title=f"Correct the {k.noun}",
        caption=str(meeting),
        back=meeting_url(p, meeting),
        status=400 if request.method == "POST" and frozen else None,
        notice=frozen,
        locked=bool(frozen),
    )


@partnership_view("edit_meetings")
def record_archive(request, p, pk, kind, record_pk):
    """Take a record out of use, keeping it and the reason (never deleted)."""
    meeting, k, record = _record(p, pk, kind, record_pk)
    form = ReasonForm(request.POST or None)
    frozen = k.frozen(record)
    if request.method == "POST" and frozen:
        form.is_valid()
        form.add_error(None, frozen)
    elif request.method == "POST" and form.is_valid():
        record.archive(request.user, form.cleaned_data["reason"])
        messages.success(request, f"The {k.noun} was archived.")
        return redirect("meetings:detail", p.slug, meeting.pk)
    if record.is_restricted():
        AuditEvent.record(request.user, "view", record)
    return form_page(
        request,
        form,
        template="core/archive.html",
        title=f"Archive the {k.noun}",
        caption=str(meeting),
        back=meeting_url(p, meeting),
        record=record,
        submit="Archive",
        status=400 if request.method == "POST" and frozen else None,
        notice=frozen,
        locked=bool(frozen),
    )


@partnership_view(None, public=True)
def paper_download(request, p, pk, paper_pk):
    meeting = get_meeting(p, pk)
    paper = get_object_or_404(Paper.objects.live(), pk=paper_pk, item__meeting=meeting)
    if not Reader.of(request.user, p).sees_paper(paper):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("This paper is restricted to members of the partnership.")
    if paper.is_restricted():
        AuditEvent.record(request.user, "download", paper)
    try:
        fh = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this paper is missing.") from None
    return FileResponse(fh, as_attachment=True, filename=paper.file.name.rsplit("/", 1)[-1])
