"""Pages that belong to no one partnership: home, sign-in, accessibility, the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from saferplaces.web.core.access import partnership_view
from saferplaces.web.core.audit_sentences import changes, sentence
from saferplaces.web.core.models import AuditEvent
from saferplaces.web.core.permissions import ROLE_LABELS, roles_for


@login_not_required
def home(request):
    from saferplaces.web.partnerships.models import Partnership

    partnerships = []
    for p in Partnership.objects.live().order_by("name"):
        roles = ", ".join(ROLE_LABELS[r] for r in roles_for(request.user, p))
        partnerships.append({"p": p, "role": roles})
    return render(request, "core/home.html", {"partnerships": partnerships})


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@partnership_view("view_audit")
def audit_log(request, p):
    return _audit_page(request, AuditEvent.objects.filter(partnership=p), p)


def instance_audit(request):
    """Events of no one partnership (sign-ins, failed sign-ins, accounts): superusers."""
    if not (request.user.is_superuser and request.user.is_active):
        raise PermissionDenied("Only a superuser may read the sign-in log.")
    return _audit_page(request, AuditEvent.objects.filter(partnership__isnull=True), None)


def _audit_page(request, events, p):
    events = events.select_related("user")
    action = request.GET.get("action", "")
    if action in dict(AuditEvent.ACTIONS):
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Who read the audit log is itself audited.
    what = f"Audit log of {p.name}" if p is not None else "Sign-in and account log"
    AuditEvent.record_external(
        request.user,
        "view",
        partnership=p,
        model="core.AuditLog",
        object_id=p.slug if p is not None else "instance",
        object_repr=f"{what}, page {page.number}"
        + (f" ({dict(AuditEvent.ACTIONS)[action].lower()})" if action else ""),
        restricted=True,
    )
    rows = [(e, sentence(e), changes(e)) for e in page]
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "action": action,
            "actions": AuditEvent.ACTIONS,
            "instance": p is None,
        },
    )


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
