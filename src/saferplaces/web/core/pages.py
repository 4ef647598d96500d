"""The shape every form page shares: a GOV.UK form with its error summary, a title, a
caption and a back link. Views build the form and say what saving means; this renders
it, so the add and change pages are not copies of each other."""

from __future__ import annotations

from django.shortcuts import render


def form_page(
    request,
    form,
    *,
    title: str,
    back: str = "",
    caption: str = "",
    template: str = "core/form.html",
    status: int | None = None,
    **extra,
):
    """Render ``form`` on its page; a POST that failed validation answers 200 with the
    errors summarised (or ``status`` when the caller says why it was refused)."""
    ctx = {"form": form, "title": title, "back": back, "caption": caption, **extra}
    return render(request, template, ctx, status=status or 200)
