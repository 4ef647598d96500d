"""Opening the evidence warehouse for one request, through the core library.

Pages read it read-only. The few things the web app writes there (a place flags run, a
category decision) open it read-write for the moment they take. Loading data stays the
CLI's job (``saferplaces ingest``).

Within this process a readers-writer lock keeps pages and writes apart: pages read side
by side, and a write waits until they finish (readers wait while a write is under way).
Other processes never hold pages up: a load or another worker's flags run writes a copy
of the warehouse and puts it in place when done (decision 16), so pages read the
warehouse as it was until then. A write here waits up to ten seconds for another
process's write to finish (a running ``saferplaces ingest`` takes longer: then the page
says the warehouse is busy).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from saferplaces import extensions
from saferplaces.core.errors import SaferplacesError
from saferplaces.core.periods import Period, format_month, month_index
from saferplaces.geography.areas import Area, resolve_area, wards_of
from saferplaces.geography.reference import reference_loaded
from saferplaces.places import store as flag_store
from saferplaces.sources.police_uk.coverage import police_forces_for, police_months
from saferplaces.warehouse.connection import Warehouse


class EvidenceUnavailable(SaferplacesError):
    """The warehouse is missing, has no reference data, or does not know the area."""


class EvidenceBusy(EvidenceUnavailable):
    """The warehouse is being written (here or by another process): try again shortly."""


WAIT_SECONDS = 60.0


class _ReadersWriter:
    """Many readers or one writer; a waiting writer holds new readers back."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self, timeout: float = WAIT_SECONDS) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(
                lambda: not self._writing and not self._writers_waiting, timeout
            ):
                raise EvidenceBusy(BUSY)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self, timeout: float = WAIT_SECONDS) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                ok = self._cond.wait_for(lambda: not self._writing and not self._readers, timeout)
            finally:
                self._writers_waiting -= 1
            if not ok:
                self._cond.notify_all()
                raise EvidenceBusy(BUSY)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


BUSY = (
    "The evidence warehouse is busy (data is being loaded or a flags run or assessment is "
    "being made). Try again in a minute."
)
LOCK = _ReadersWriter()


# Several server processes share the file: another may hold it for a moment (a flags
# run or decision writing, or pages reading while this one would write). Wait that long.
BUSY_RETRY_SECONDS = 10.0


def _open(path: Path, read_only: bool) -> Warehouse:
    if not path.exists():
        raise EvidenceUnavailable(
            f"There is no evidence warehouse at {path} yet. Load data with "
            "`saferplaces ingest police-uk PATH`, then reload this page."
        )
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    pause = 0.05
    while True:
        try:
            wh = Warehouse.open(
                path, read_only=read_only, wait=max(0.0, deadline - time.monotonic())
            )
            break
        except SaferplacesError as e:
            if "in use" not in str(e):
                raise EvidenceUnavailable(str(e)) from None
            if time.monotonic() + pause > deadline:
                raise EvidenceBusy(BUSY) from None
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
    # The sources the warehouse's own dataset specs declare: registered the first time, and
    # again only when a load (``saferplaces ingest`` in another process) stored a new spec;
    # otherwise this reads one small list and registers nothing.
    extensions.load_warehouse(wh)
    return wh


@contextmanager
def open_evidence(partnership, *, write: bool = False) -> Iterator[tuple[Warehouse, Area]]:
    """(warehouse, the partnership's area), read-only for this request; ``write`` opens
    it read-write (exclusively, in this process) for a flags run or a decision. Place
    flags read and written through it are the partnership's own (issue 18 §4)."""
    path = Path(settings.SAFERPLACES_WAREHOUSE)
    with LOCK.writing() if write else LOCK.reading():
        wh = flag_store.open_for(_open(path, read_only=not write), partnership.slug)
        try:
            yield wh, _area(wh, partnership)
        finally:
            wh.close()


@contextmanager
def reading_warehouse() -> Iterator[Warehouse]:
    """The warehouse, read-only, with its reference data (for naming areas)."""
    with LOCK.reading():
        wh = _open(Path(settings.SAFERPLACES_WAREHOUSE), read_only=True)
        try:
            if not reference_loaded(wh):
                raise EvidenceUnavailable(
                    "The warehouse has no reference data; run `saferplaces reference load`."
                )
            yield wh
        finally:
            wh.close()


def _area(wh: Warehouse, partnership) -> Area:
    if not reference_loaded(wh):
        raise EvidenceUnavailable(
            "The warehouse has no reference data; run `saferplaces reference load`."
        )
    try:
        return resolve_area(wh, partnership.area_code)
    except SaferplacesError as e:
        raise EvidenceUnavailable(
            f"The partnership's area code {partnership.area_code} is not known: {e}"
        ) from None


def partnership_wards(partnership) -> list[tuple[str, str]]:
    with open_evidence(partnership) as (wh, area):
        return [tuple(w) for w in wards_of(wh, area)]


def months_held(wh: Warehouse, area: Area) -> list[str]:
    """police.uk months held for the forces covering ``area``, sorted."""
    return sorted(police_months(wh, police_forces_for(wh, area)))


def no_months_message(area: Area) -> str:
    return (
        f"No police.uk months are held for {area.name} yet, so there are no figures to "
        "show. Load the police.uk street-level files for its force with "
        "`saferplaces ingest police-uk PATH` (PATH: the unzipped archive from "
        "data.police.uk, or the folder of monthly files), then reload this page."
    )


def suggested_periods(months: list[str]) -> list[tuple[str, str]]:
    """(spec, label) periods fully inside the months held, most recent first: the year
    ending the last month held, then whole financial and calendar years."""
    if not months:
        return []
    held = {month_index(m) for m in months}
    last = max(held)
    out: list[tuple[str, str]] = []

    def full(first: int, end: int) -> bool:
        return all(i in held for i in range(first, end + 1))

    if full(last - 11, last):
        spec = f"ye{format_month(last)}"
        out.append((spec, f"12 months ending {Period(last - 11, last).label.split(' to ')[1]}"))
    years = sorted({int(m[:4]) for m in months}, reverse=True)
    for y in years:
        fy_first = month_index(f"{y}-04")
        if full(fy_first, fy_first + 11):
            out.append((f"{y}/{(y + 1) % 100:02d}", f"Financial year {y}/{(y + 1) % 100:02d}"))
        if full(month_index(f"{y}-01"), month_index(f"{y}-12")):
            out.append((str(y), f"Calendar year {y}"))
    seen: dict[str, str] = {}
    for spec, label in out:
        seen.setdefault(spec, label)
    return list(seen.items())
