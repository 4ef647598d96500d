"""Per-partnership roles and what each may do.

A person's roles come from their memberships of the partnership (``partnerships.Member``
linked to their login) that are in office today; someone holding two roles may do what
either allows. The table below is the whole policy; views ask :func:`can`.
Superusers may do everything. Anyone, signed in or not, may read pages marked public.
"""

from __future__ import annotations

from datetime import date

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
    "run_flags": (
        "Run place flags and record a ward's category with a reason",
        {"officer", "analyst"},
    ),
    "generate_assessments": (
        "Generate the strategic assessment from the web app",
        {"officer", "analyst"},
    ),
    "publish_assessments": (
        "Publish a public edition of an assessment on the public pages",
        {"chair", "officer"},
    ),
    "view_finance": ("See the budget, funds, spend, grants and bids", EVERYONE - {"guest"}),
    "edit_finance": (
        "Add funds, budget lines, spend, grants and bids; revise allocations",
        {"officer"},
    ),
    "approve_finance": (
        "Approve revisions above the threshold; set the threshold and 360Giving details",
        {"chair"},
    ),
    "close_year": ("Close a financial year, carrying balances forward", {"chair", "officer"}),
    "reopen_year": ("Reopen a closed financial year, with a reason", {"chair"}),
    "publish_finance": (
        "Publish the end-of-year report once a meeting has agreed it",
        {"chair", "officer"},
    ),
    "score_priorities": (
        "Score issues at a prioritisation, each on their own",
        EVERYONE - {"guest"},
    ),
    "run_prioritisation": (
        "Open a prioritisation, add issues, import a workshop sheet, override a score "
        "with a reason, close scoring",
        {"officer", "analyst"},
    ),
    # Statutory reviews (web/reviews): the DARDR register also needs the review group.
    "view_reviews": ("Read the ASB case review register (restricted)", EVERYONE - {"guest"}),
    "edit_reviews": (
        "Record and change ASB case reviews; DARDRs and their recommendations (review group)",
        {"chair", "vice_chair", "officer"},
    ),
    "publish_reviews": (
        "Publish the year's ASB case review counts; set the threshold and timescales",
        {"chair", "officer"},
    ),
    # Place problem-solving plans (web/problems).
    "view_problems": ("Read problem-solving plans (restricted)", EVERYONE - {"guest"}),
    "edit_problems": (
        "Open and change problem-solving plans",
        {"chair", "vice_chair", "officer", "analyst"},
    ),
    # Information-sharing agreements (web/agreements): members read the register.
    "edit_agreements": (
        "Add and change information-sharing agreements in the register",
        {"chair", "vice_chair", "officer"},
    ),
}


def roles_for(user, partnership) -> list[str]:
    """The roles ``user`` holds in ``partnership`` today, in the order of :data:`ROLES`.

    Only memberships in office today count (a term that has ended or not yet begun gives
    nothing), and the answer is the same on every database: no "first row" is taken.
    Within a request the answer is kept on the user object (see ``RoleCacheMiddleware``),
    so the navigation, the permission check and the template ask the database once.
    """
    if not getattr(user, "is_authenticated", False) or partnership is None:
        return []
    cache = getattr(user, "_saferplaces_roles", None)
    if cache is not None and partnership.pk in cache:
        return cache[partnership.pk]
    member = apps.get_model("partnerships", "Member")
    held = set(
        member.objects.live()
        .in_office(date.today())
        .filter(partnership=partnership, user=user)
        .values_list("role", flat=True)
    )
    roles = [r for r, _ in ROLES if r in held]
    if cache is not None:
        cache[partnership.pk] = roles
    return roles


def role_for(user, partnership) -> str | None:
    """The user's first role in ``partnership`` in the order of :data:`ROLES` (for showing),
    or None if they hold no membership in office today."""
    roles = roles_for(user, partnership)
    return roles[0] if roles else None


def can(user, partnership, capability: str) -> bool:
    """True if ``user`` may do ``capability`` in ``partnership``."""
    if capability not in CAPABILITIES:
        raise KeyError(capability)
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    allowed = CAPABILITIES[capability][1]
    return any(r in allowed for r in roles_for(user, partnership))


def capabilities(user, partnership) -> set[str]:
    return {c for c in CAPABILITIES if can(user, partnership, c)}


class RoleCacheMiddleware:
    """Keep each request's role look-ups on its user object, so a page asks once per
    partnership however many times it checks a permission. Nothing outlives the request:
    the user object is made afresh for every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user._saferplaces_roles = {}
        return self.get_response(request)
