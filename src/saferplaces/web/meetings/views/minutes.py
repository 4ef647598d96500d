"""Minutes, decisions and action points; reviewing earlier action points and agreeing the
previous minutes, which only a meeting that has taken place can do."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.pages import form_page
from saferplaces.web.meetings import forms as f
from saferplaces.web.meetings.agreement import later_meetings, refusal, targets
from saferplaces.web.meetings.models import ActionPoint, ActionPointReview, Amendment, Minute
from saferplaces.web.meetings.views.common import get_item, get_meeting, meeting_url
from saferplaces.web.meetings.visibility import Reader, log_restricted, points_for_review


def _not_yet(meeting) -> str:
    return (
        f"This meeting has not taken place yet ({meeting.date:%-d %B %Y}): minutes are "
        "agreed and action points reviewed at or after the meeting."
    )


# The fields of each part of the item's minutes page that count as typed (an action
# point's status has a default, so choosing nothing else is not typing one).
_TYPED = {
    "minute": ("text",),
    "decision": ("text",),
    "action": ("text", "owner", "owner_text", "due", "closing_note"),
}


def _typed(post, part: str, saved: str = "") -> dict:
    """What was typed in one part of the page (its fields, without the prefix), or {}
    when nothing was, or when it is what is already saved."""
    fields = _TYPED[part] + (("status",) if part == "action" else ())
    values = {n: post.get(f"{part}-{n}", "") for n in fields}
    if not any(values[n].strip() for n in _TYPED[part]):
        return {}
    if part == "minute" and values["text"].replace("\r\n", "\n").strip() == saved.strip():
        return {}
    return values


def _carry_key(item) -> str:
    return f"unsaved-minutes-{item.pk}"


@partnership_view("edit_meetings")
def item_minutes(request, p, pk, item_pk):
    """Minutes, decisions and action points of one agenda item: one form, a button for
    each part. The part whose button was pressed is saved; whatever was typed in the
    others comes back on the page, unsaved and said to be so, so nothing is lost."""
    meeting = get_meeting(p, pk)
    item = get_item(meeting, item_pk)
    minute = Minute.objects.live().filter(item=item).first()
    frozen = refusal(meeting)
    post = request.POST if request.method == "POST" else None
    which = post.get("form") if post is not None else None
    if post is not None:
        carried = {
            part: _typed(post, part, minute.text if minute else "")
            for part in _TYPED
            if part != which
        }
    else:
        carried = request.session.pop(_carry_key(item), {})
    carried = {k: v for k, v in carried.items() if v}
    minute_form = f.MinuteForm(
        post if which == "minute" else None,
        instance=minute,
        prefix="minute",
        initial=carried.get("minute"),
    )
    decision_form = f.DecisionForm(
        post if which == "decision" else None, prefix="decision", initial=carried.get("decision")
    )
    point_form = f.ActionPointForm(
        post if which == "action" else None,
        partnership=p,
        initial=carried.get("action") or {"status": "open"},
        prefix="action",
    )
    pressed = {"minute": minute_form, "decision": decision_form, "action": point_form}.get(which)
    status = 200
    if post is not None and pressed is None:
        status = 400
    elif post is not None and frozen:
        pressed.is_valid()
        pressed.add_error(None, frozen)
        status = 400
    elif post is not None and pressed.is_valid():
        done = _save_part(request, which, pressed, meeting, item)
        messages.success(request, done)
        if carried:
            request.session[_carry_key(item)] = carried
        return redirect("meetings:item_minutes", p.slug, meeting.pk, item.pk)
    decisions = list(item.decisions.live())
    points = list(item.action_points.live().select_related("owner"))
    amendments = list(item.amendments.live().select_related("agreed_at", "created_by"))
    log_restricted(request.user, [item, *([minute] if minute else []), *decisions, *points])
    return render(
        request,
        "meetings/item_minutes.html",
        {
            "meeting": meeting,
            "item": item,
            "minute": minute,
            "minute_form": minute_form,
            "decision_form": decision_form,
            "point_form": point_form,
            "decisions": decisions,
            "points": points,
            "amendments": amendments,
            "frozen": frozen,
            "unsaved": [UNSAVED[k] for k in _TYPED if k in carried],
            "next_number": _next_number(meeting),
        },
        status=status,
    )


UNSAVED = {"minute": "the minutes", "decision": "a decision", "action": "an action point"}


def _save_part(request, which: str, form, meeting, item) -> str:
    """Save the part of the minutes page whose button was pressed; say what was saved."""
    if which == "minute":
        obj = form.save(commit=False)
        obj.item = item
        obj.save_by(request.user)
        return f"Minutes of item {item.number} saved as a draft."
    if which == "decision":
        obj = form.save(commit=False)
        obj.item = item
        obj.save_by(request.user)
        return "Decision recorded."
    with transaction.atomic():
        obj = form.save(commit=False)
        obj.meeting = meeting
        obj.item = item
        obj.assign_number()
        obj.set_status(obj.status, at=meeting if obj.status == "closed" else None)
        obj.save_by(request.user)
    return f"Action point {obj.number} recorded."


def _next_number(meeting) -> str:
    probe = ActionPoint(meeting=meeting)
    probe.assign_number(reserve=False)
    return probe.number


@partnership_view("edit_meetings")
def action_point_edit(request, p, pk, point_pk):
    """Change an action point. Once its meeting's minutes are agreed its wording stands
    and only its status moves on; every change of status is kept in its history."""
    meeting = get_meeting(p, pk)
    point = get_object_or_404(ActionPoint.objects.live(), pk=point_pk, meeting=meeting)
    was = point.status
    frozen = refusal(meeting)
    form_class = f.ActionPointStatusForm if frozen else f.ActionPointForm
    extra = {} if frozen else {"partnership": p}
    form = form_class(request.POST or None, instance=point, **extra)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            if obj.status != was:
                # Changed here, between meetings: no meeting closed it, but the day is kept.
                obj.set_status(obj.status, note=obj.closing_note)
                ActionPointReview(
                    point=obj, meeting=None, status=obj.status, note=obj.closing_note
                ).save_by(request.user)
            obj.save_by(request.user)
        messages.success(request, f"Action point {obj.number} saved.")
        return redirect("meetings:action_points", p.slug)
    log_restricted(request.user, [point])
    return form_page(
        request,
        form,
        template="meetings/point_form.html",
        title=f"Action point {point.reference}",
        caption=str(meeting),
        back=meeting_url(p, meeting),
        point=point,
        history=point.reviews.live().select_related("meeting", "created_by"),
        notice=(
            "The minutes that set this action point are agreed: its wording stands, "
            "and its status can still change."
            if frozen
            else ""
        ),
    )


def _row_data(post, pk) -> dict:
    """One row's fields from a post of the whole review table (``status-12``), or of
    the row alone (``status``)."""
    return {
        "status": post.get(f"status-{pk}", post.get("status", "")),
        "note": post.get(f"note-{pk}", post.get("note", "")),
    }


def _reviews_key(meeting) -> str:
    return f"unsaved-reviews-{meeting.pk}"


def _typed_reviews(post, meeting, reader, *, but: int) -> dict:
    """Rows of the review table, other than ``but``, where a note was typed or the
    status changed: {point id: {"status", "note"}}."""
    out = {}
    for point in points_for_review(meeting, reader).exclude(pk=but):
        status, note = post.get(f"status-{point.pk}"), post.get(f"note-{point.pk}", "")
        if note.strip() or (status and status != point.status):
            out[str(point.pk)] = {"status": status or point.status, "note": note}
    return out


def unsaved_reviews(request, meeting) -> dict:
    """The rows typed but not saved when another row was saved (see ``review_point``)."""
    return request.session.pop(_reviews_key(meeting), {})


@partnership_view("edit_meetings")
def review_point(request, p, pk, point_pk):
    """Record what this meeting said about an earlier action point (HTMX or plain POST)."""
    meeting = get_meeting(p, pk)
    reader = Reader.of(request.user, p)
    point = get_object_or_404(points_for_review(meeting, reader), pk=point_pk)
    htmx = bool(request.headers.get("HX-Request"))
    data = _row_data(request.POST, point.pk) if request.method == "POST" else None
    if data is not None and not htmx:
        # Without JavaScript the whole review table was posted: what was typed in the
        # other rows comes back on the meeting page, marked as not saved yet.
        others = _typed_reviews(request.POST, meeting, reader, but=point.pk)
        if others:
            request.session[_reviews_key(meeting)] = others
    # Field ids as in the row (note-12): the error summary links to the field itself.
    form = f.ReviewForm(data, auto_id=f"%s-{point.pk}")
    if request.method == "POST" and not meeting.has_taken_place():
        form.is_valid()
        form.add_error(None, _not_yet(meeting))
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            status, note = form.cleaned_data["status"], form.cleaned_data["note"].strip()
            ActionPointReview(point=point, meeting=meeting, status=status, note=note).save_by(
                request.user
            )
            point.set_status(status, at=meeting, note=note)
            point.save_by(request.user, reason=f"reviewed at {meeting}")
        if request.headers.get("HX-Request"):
            return render(
                request,
                "meetings/_review_row.html",
                {
                    "point": point,
                    "meeting": meeting,
                    "review_form": f.ReviewForm(),
                    "saved": True,
                    "can_edit": True,
                    "taken_place": True,
                },
            )
        messages.success(request, f"Action point {point.number} reviewed.")
        return redirect(f"{meeting_url(p, meeting)}#review")
    log_restricted(request.user, [point])
    template = "meetings/_review_row.html" if htmx else "meetings/review_form.html"
    return render(
        request,
        template,
        {
            "point": point,
            "meeting": meeting,
            "review_form": form,
            "can_edit": True,
            "taken_place": meeting.has_taken_place(),
            "not_yet": "" if meeting.has_taken_place() else _not_yet(meeting),
            "htmx_errors": htmx and request.method == "POST",
        },
        # HTMX swaps in only successful responses: the row with its error (and what was
        # typed) must come back as one, or the page would show nothing at all.
        status=400 if request.method == "POST" and not htmx else 200,
    )


@partnership_view("edit_meetings")
def agree_minutes(request, p, pk):
    """At this meeting, agree the draft minutes of the previous one, as they stand or
    subject to amendments (each change kept, with the original, as an amendment)."""
    meeting = get_meeting(p, pk)
    previous = meeting.previous()
    if previous is None:
        raise Http404("There is no previous meeting whose minutes could be agreed.")
    drafts = list(
        Minute.objects.live().filter(item__meeting=previous, status="draft").select_related("item")
    )
    form = f.AgreeMinutesForm(request.POST or None, drafts=drafts)
    taken_place = meeting.has_taken_place()
    # The page shows the draft items and their minutes, restricted ones too (officers only).
    log_restricted(request.user, [r for m in drafts for r in (m.item, m)])
    if request.method == "POST" and not taken_place:
        form.is_valid()
        form.add_error(None, _not_yet(meeting))
    elif request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"].strip()
        changed = form.amended()
        with transaction.atomic():
            for m, text in changed:
                Amendment(
                    meeting=previous,
                    item=m.item,
                    target="minute",
                    target_label=f"Minutes of item {m.item.number}",
                    original=m.text,
                    amended=text,
                    reason=note,
                    agreed_at=meeting,
                    agreed_on=meeting.date,
                    at_agreement=True,
                ).save_by(request.user)
                m.text = text
            for m in drafts:
                m.status = "agreed"
                m.agreed_at = meeting
                m.agreed_on = meeting.date
                m.agreed_by = request.user
                m.agreement_note = note
                m.save_by(request.user, reason=f"agreed at {meeting}")
        amended = len(changed)
        messages.success(
            request,
            f"Minutes of {previous} agreed"
            + (f", with {amended} item{'s' if amended != 1 else ''} amended." if amended else "."),
        )
        return redirect("meetings:detail", p.slug, meeting.pk)
    return render(
        request,
        "meetings/agree_minutes.html",
        {
            "form": form,
            "meeting": meeting,
            "previous": previous,
            "drafts": drafts,
            "taken_place": taken_place,
            "not_yet": "" if taken_place else _not_yet(meeting),
        },
        status=400 if request.method == "POST" else 200,
    )


@partnership_view("edit_meetings")
def amend(request, p, pk):
    """Record an amendment of this meeting's agreed minutes, agreed at a later meeting:
    the original stays, and the amendment is shown beside it."""
    meeting = get_meeting(p, pk)
    agreed = meeting.agreement()
    later = later_meetings(meeting)
    options = targets(meeting)
    form = f.AmendmentForm(
        request.POST or None,
        targets=options,
        meetings=later,
        initial={"target": request.GET.get("target", "")},
    )
    why_not = ""
    if agreed is None:
        why_not = (
            "The minutes of this meeting are a draft: correct them directly, or amend them "
            "when a later meeting agrees them."
        )
    elif not later.exists():
        why_not = "No later meeting of this body has taken place to agree an amendment."
    if request.method == "POST" and why_not:
        form.is_valid()
        form.add_error(None, why_not)
    elif request.method == "POST" and form.is_valid():
        target = form.targets[form.cleaned_data["target"]]
        label = target.label
        at = form.cleaned_data["agreed_at"]
        obj = Amendment(
            meeting=meeting,
            item=target.item,
            target=target.key.split(":")[0],
            target_label=label,
            original=target.text,
            amended=form.cleaned_data["amended"].replace("\r\n", "\n").strip(),
            reason=form.cleaned_data["reason"].strip(),
            agreed_at=at,
            agreed_on=at.date,
        )
        obj.save_by(request.user)
        messages.success(request, f"Amendment to the {label.lower()} recorded.")
        return redirect(f"{meeting_url(p, meeting)}#minutes")
    log_restricted(request.user, [t.record for t in options if t.record is not None])
    return render(
        request,
        "meetings/amend.html",
        {
            "form": form,
            "meeting": meeting,
            "agreed": agreed,
            "why_not": why_not,
            "originals": [t for t in options if t.text],
        },
        status=400 if request.method == "POST" else 200,
    )
