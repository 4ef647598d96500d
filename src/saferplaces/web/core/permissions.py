"""Per-partnership roles and what each may do.

A person's role comes from their membership of the partnership (``partnerships.Member``
linked to their login). The table below is the whole policy; views ask :func:`can`.
Superusers may do everything. Anyone, signed in or not, may read pages marked public.
"""

from __future__ import annotations

from django.apps import apps

ROLES = [
    ("chair", "Chair"),
    ("vice_chair", "Vice-chair"),
    ("board_member", "Board member"),
    ("member", "Member"),
    ("officer", "Partnership support officer"),
    ("analyst", "Research analyst"),
    ("guest", "Guest"),
]
ROLE_LABELS = dict(ROLES)

EVERYONE = {r for r, _ in ROLES}
CAPABILITIES: dict[str, tuple[str, set[str]]] = {
    "view": ("See the partnership's members-only pages", EVERYONE),
    "view_restricted": (
        "See restricted agenda items, papers and minutes",
        EVERYONE - {"guest"},
    ),
    "view_evidence": ("See the evidence pages (unsuppressed figures)", EVERYONE - {"guest"}),
    "edit_meetings": (
        "Create and change meetings, agendas, minutes and action points",
        {"chair", "vice_chair", "officer"},
    ),
    "edit_plan": (
        "Create and change priorities and actions; change RAG status; add progress",
        {"chair", "vice_chair", "officer"},
    ),
    "manage_members": ("Add and change organisations and members", {"chair", "officer"}),
    "view_audit": ("Read the partnership's audit log", {"chair", "vice_chair", "officer"}),
}


def role_for(user, partnership) -> str | None:
    """The user's current role in ``partnership``, or None if they are not a member."""
    if not getattr(user, "is_authenticated", False) or partnership is None:
        return None
    member = apps.get_model("partnerships", "Member")
    m = (
        member.objects.live()
        .filter(partnership=partnership, user=user)
        .order_by("-term_start", "-id")
        .first()
    )
    if m is None or not m.in_office():
        return None
    return m.role


def can(user, partnership, capability: str) -> bool:
    """True if ``user`` may do ``capability`` in ``partnership``."""
    if capability not in CAPABILITIES:
        raise KeyError(capability)
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    role = role_for(user, partnership)
    return role is not None and role in CAPABILITIES[capability][1]


def capabilities(user, partnership) -> set[str]:
    return {c for c in CAPABILITIES if can(user, partnership, c)}
