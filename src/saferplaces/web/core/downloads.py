"""A :class:`~saferplaces.document.model.Document` as a download: rendered by the shared
renderer into bytes for one format, and sent with the headers every document download
carries (HTML shown sandboxed: it may not run scripts or reach the app's cookies)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from saferplaces.render.write import MEDIA_TYPES, render_bytes

FORMATS = MEDIA_TYPES


def render(doc, fmt: str) -> bytes:
    """The document in one format, through the shared renderer (HTML with its figures
    inside it)."""
    return render_bytes(doc, fmt)


def send(request, body: bytes, fmt: str, filename: str) -> HttpResponse:
    """``body`` as a response: HTML and PDF shown in the browser unless ``?download=1``."""
    if fmt not in FORMATS:
        raise Http404("No such format.")
    resp = HttpResponse(body, content_type=FORMATS[fmt])
    inline = fmt in ("html", "pdf") and request.GET.get("download") != "1"
    disposition = "inline" if inline else "attachment"
    resp["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if fmt == "html":
        resp["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    return resp
