"""Named points where tests can make a load fail or stall, to prove loads are atomic.

Set ``SAFERPLACES_FAULT`` to ``POINT:raise`` (raise an error at that point),
``POINT:pause:MARKER`` (create the file MARKER and wait there, so a test can kill the
process mid-load) or ``POINT:hold:MARKER`` (create MARKER and wait until the test
deletes it, so it can read the warehouse while a load is half-way). Unset,
:func:`fault_point` does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


class InjectedFault(RuntimeError):
    """Raised at a fault point when a test asks for it."""


def fault_point(name: str) -> None:
    spec = os.environ.get("SAFERPLACES_FAULT")
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action == "raise":
        raise InjectedFault(f"fault injected at {name}")
    if action.startswith("pause:"):
        Path(action.removeprefix("pause:")).touch()
        time.sleep(600)
    if action.startswith("hold:"):
        marker = Path(action.removeprefix("hold:"))
        marker.touch()
        deadline = time.monotonic() + 600
        while marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
