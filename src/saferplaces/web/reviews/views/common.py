"""What the review pages share: the form page with the depersonalised notice, archiving."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from saferplaces.web.core.forms import ReasonForm
from saferplaces.web.core.pages import form_page
from saferplaces.web.reviews.validators import DEPERSONALISED


def review_form(request, form, *, title: str, back: str, caption: str = "", **extra):
    return form_page(
        request, form, title=title, back=back, caption=caption, notice=DEPERSONALISED, **extra
    )


def archive_page(request, obj, *, back: str, done: str, title: str):
    """Ask why, then archive ``obj`` (kept, with the reason, in the audit log)."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj.archive(request.user, form.cleaned_data["reason"])
        messages.success(request, f"{obj} archived.")
        return redirect(done)
    return form_page(request, form, title=title, back=back, submit="Archive")
