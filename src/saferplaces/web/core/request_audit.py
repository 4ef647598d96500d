"""Each request's database work succeeds or fails as one, with its audit events.

- A request that may change something (POST and the other unsafe methods) runs in one
  transaction: the records it saves and their audit events are committed together when
  the response is not a server error, and rolled back together when it is (an
  exception in a view becomes a 500 response before it reaches this middleware, so the
  status is what decides).
- A request that only reads writes nothing while it runs: the reads of restricted
  records it shows are kept with the request and written in one short transaction when
  the response is ready. If that write fails (the database is down, or busy beyond its
  timeout), the reader gets a "try again" page instead of the records: nothing
  restricted is served without its audit row, and no audit row is left for a page that
  was not served.

On SQLite this keeps members' reads from holding the database while they render, and
(with WAL, a busy timeout and ``BEGIN IMMEDIATE``, see ``settings.py``) lets many readers
and writers share one file without "database is locked" errors.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger(__name__)
_local = threading.local()

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def defer(event) -> bool:
    """Keep ``event`` to be written with this thread's response; False outside a request
    (the caller then writes it at once)."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        return False
    pending.append(event)
    return True


def _write(pending: list) -> None:
    if pending:
        # Every pending event is an AuditEvent: its class writes them (no import back to
        # the models, which import this module to defer reads).
        type(pending[0]).objects.bulk_create(pending)


class RequestTransactionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _local.pending = []
        try:
            if request.method in SAFE_METHODS:
                return self._read(request)
            return self._change(request)
        finally:
            _local.pending = None

    def _read(self, request):
        response = self.get_response(request)
        if response.status_code >= 500:
            return response
        try:
            with transaction.atomic():
                _write(_local.pending)
        except DatabaseError:
            log.exception("audit events for %s could not be written", request.path)
            return unavailable(request)
        return response

    def _change(self, request):
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                else:
                    _write(_local.pending)
        except DatabaseError:
            log.exception("the changes of %s could not be committed", request.path)
            return unavailable(request)
        return response


def unavailable(request):
    """503: the page could not be recorded as read, so it is not shown."""
    # Rendered without the request: its context (navigation, roles) needs the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "5"
    return response
