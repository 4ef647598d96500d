"""Documents as web responses: every app that offers a document (the agenda pack, the
minutes, the action plan) serves it through :func:`document_response`, rendered by the
shared renderer (:func:`saferplaces.render.write.render_bytes`)."""

from __future__ import annotations

from django.http import HttpResponse

from saferplaces.document.model import Document
from saferplaces.render.write import MEDIA_TYPES, render_bytes

# A document shown in the browser runs nothing: no script source at all (so nothing can
# read the app's cookies), no forms, no framing, nothing fetched; only its own styles and
# the figures inside it. (Not a CSP sandbox: in a sandboxed page a browser's timers never
# fire, so accessibility checkers such as axe-core cannot run on it.)
DOCUMENT_CSP = "; ".join(
    [
        "default-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


def document_response(doc: Document, name: str, fmt: str, *, inline: bool = False) -> HttpResponse:
    """``doc`` rendered as ``fmt``: a download called ``name.fmt``, or with ``inline``
    (HTML) a page to read and print."""
    resp = HttpResponse(render_bytes(doc, fmt), content_type=MEDIA_TYPES[fmt])
    disposition = "inline" if inline else "attachment"
    resp["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    if fmt == "html":
        resp["Content-Security-Policy"] = DOCUMENT_CSP
    if doc.marking:  # a restricted edition is kept by no cache
        resp["Cache-Control"] = "no-store"
    return resp
