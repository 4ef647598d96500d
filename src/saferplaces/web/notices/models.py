"""An agenda's publication, and every notice sent (so none is sent twice)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from saferplaces.web.core.models import Tracked
from saferplaces.web.meetings.models import Meeting
from saferplaces.web.partnerships.models import Partnership


class AgendaPublication(Tracked):
    """The officer published the meeting's agenda: members are sent it, and then each
    paper added to it, by ``saferplaces notify``."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="publication")
    published_on = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Agenda of {self.meeting}"

    def audit_partnership(self):
        return self.meeting.partnership


class Notice(models.Model):
    """One email sent to one person about one record. ``key`` (kind, record, recipient
    and, for an action point, its due date) is unique: a notice is sent once; a new due
    date is a new notice."""

    KINDS = [
        ("agenda", "Agenda published"),
        ("paper", "Paper added"),
        ("due", "Action point due"),
        ("overdue", "Action point overdue"),
    ]
    key = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField(help_text="The meeting, paper or action point.")
    recipient = models.EmailField()
    due = models.DateField(null=True, blank=True)
    subject = models.CharField(max_length=300)
    sent_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}: {self.subject}"

    @staticmethod
    def make_key(kind: str, record_id: int, recipient: str, due=None) -> str:
        return f"{kind}:{record_id}:{recipient.lower()}:{due.isoformat() if due else ''}"
