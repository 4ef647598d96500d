"""The one decorator every partnership page goes through.

``@partnership_view("edit_meetings")`` finds the partnership from the URL's ``slug``,
sets ``request.partnership``, and lets the view run only if the user may do that.
A signed-out visitor is sent to sign in; a signed-in user without the role gets 403.
``@partnership_view(None, public=True)`` marks a page anyone may read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from saferplaces.web.core.permissions import can


def partnership_view(capability: str | None, *, public: bool = False) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, slug: str, *args, **kwargs):
            from saferplaces.web.partnerships.models import Partnership

            p = get_object_or_404(Partnership.objects.live(), slug=slug)
            request.partnership = p
            if capability and not can(request.user, p, capability):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(f"Your role in {p.name} does not allow this.")
            return view(request, p, *args, **kwargs)

        if public:
            wrapper = login_not_required(wrapper)
        # Read by the tests that check every page's permissions.
        wrapper.public = public
        wrapper.capability = capability
        return wrapper

    return decorate


def require(request, capability: str) -> None:
    """Raise 403 unless the user may do ``capability`` in the current partnership."""
    if not can(request.user, request.partnership, capability):
        raise PermissionDenied("Your role does not allow this.")
