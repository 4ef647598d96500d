"""A step with a due date: done on time, done late, overdue, or not yet due.

Registers show every step this way, so an officer sees at a glance what is late.

>>> Deadline("Decision", due=date(2025, 5, 1), done=date(2025, 5, 6)).status(date(2025, 6, 1))
'late'
>>> Deadline("Decision", due=date(2025, 5, 1)).status(date(2025, 5, 2))
'overdue'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STATUS_LABELS = {
    "on_time": "On time",
    "late": "Done late",
    "overdue": "Overdue",
    "due": "Due",
    "waiting": "Waiting for an earlier step",
    "not_needed": "Not needed",
}


@dataclass(frozen=True)
class Deadline:
    """``due`` is None while the step it counts from has not happened."""

    step: str
    due: date | None = None
    done: date | None = None
    rule: str = ""  # the timescale in words, e.g. "within one month of the notification"
    needed: bool = True

    def status(self, today: date) -> str:
        if not self.needed:
            return "not_needed"
        if self.done is not None:
            return "late" if self.due is not None and self.done > self.due else "on_time"
        if self.due is None:
            return "waiting"
        return "overdue" if today > self.due else "due"

    def days_late(self, today: date) -> int:
        """Calendar days past the due date (done late, or still overdue today)."""
        if self.due is None or not self.needed:
            return 0
        end = self.done or today
        return max(0, (end - self.due).days)

    def label(self, today: date) -> str:
        return STATUS_LABELS[self.status(today)]


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later (or earlier), kept within the month: 31 January plus
    one month is 28 or 29 February."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - date(y, m, 1)).days
    return date(y, m, min(d.day, last))
