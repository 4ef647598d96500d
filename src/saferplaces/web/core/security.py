"""Security headers on every response (``docs/security.md``).

- ``Content-Security-Policy``: scripts, styles, images and forms from this site only;
  no plugins, no framing, no inline script or style (the templates have none: GOV.UK
  Frontend, htmx and our scripts are static files). A view may set its own policy (a
  generated assessment is shown sandboxed) and keeps it.
- ``Cache-Control: no-store`` on every page a signed-in person is served: members'
  pages and restricted records must not stay in a shared computer's browser cache or a
  proxy's. Public pages are left to the defaults.
- ``Permissions-Policy``: no camera, microphone, location or other device access.

Django's own middleware adds ``X-Content-Type-Options: nosniff``,
``Referrer-Policy: same-origin``, ``Cross-Origin-Opener-Policy: same-origin`` and
``X-Frame-Options: DENY``.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # no-store, no-cache, must-revalidate, private, max-age=0 and Expires now.
            add_never_cache_headers(response)
        return response
