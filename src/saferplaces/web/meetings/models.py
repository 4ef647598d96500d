"""Meetings: agenda, papers, public questions, attendance, declarations, minutes,
decisions and numbered action points.

Minutes are written per agenda item as drafts and agreed at the next meeting (who
recorded the agreement, at which meeting, and when). Action points are numbered
``MM/NN``: the month of the meeting and a sequence within it (10/01 is the first action
point of an October meeting); open ones are listed for review at the next meeting.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from saferplaces.web.core.models import Tracked
from saferplaces.web.meetings.numbering import natural_key
from saferplaces.web.partnerships.models import Member, Partnership


class Meeting(Tracked):
    BODIES = [("board", "Board"), ("delivery_group", "Delivery group"), ("other", "Other")]
    STATUSES = [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")]
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="meetings")
    body = models.CharField(max_length=20, choices=BODIES, default="board")
    title = models.CharField(max_length=200, help_text="For example: Partnership board meeting.")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True, help_text="Room and address.")
    online = models.BooleanField(default=False, help_text="Held online.")
    online_details = models.CharField(
        max_length=300, blank=True, help_text="How to join; shown to members only."
    )
    status = models.CharField(max_length=10, choices=STATUSES, default="planned")
    public_questions_deadline = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Anything else for the front of the agenda.")

    class Meta:
        ordering = ["-date", "-start_time"]

    def __str__(self) -> str:
        return f"{self.title}, {self.date:%-d %B %Y}"

    @property
    def where(self) -> str:
        if self.online and self.location:
            return f"{self.location} and online"
        return "Online" if self.online else (self.location or "To be confirmed")

    def previous(self) -> Meeting | None:
        """The last meeting of the same body before this one (not cancelled)."""
        return (
            Meeting.objects.live()
            .filter(partnership=self.partnership, body=self.body, date__lt=self.date)
            .exclude(status="cancelled")
            .order_by("-date", "-start_time")
            .first()
        )

    def next(self) -> Meeting | None:
        return (
            Meeting.objects.live()
            .filter(partnership=self.partnership, body=self.body, date__gt=self.date)
            .exclude(status="cancelled")
            .order_by("date", "start_time")
            .first()
        )

    def items(self):
        return self.agenda_items.live().order_by(*AGENDA_ORDER)

    def has_taken_place(self, today: date | None = None) -> bool:
        """True on or after the meeting's date (unless it was cancelled): only then can
        it agree minutes or review action points."""
        return self.status != "cancelled" and self.date <= (today or timezone.localdate())

    def minutes_total(self) -> int:
        return sum(i.minutes_allotted or 0 for i in self.items())

    def agreement(self) -> Minute | None:
        """Where, when and by whom this meeting's minutes were agreed (carried by its
        first agreed item), or None while they are a draft. Once agreed, nothing in the
        minutes changes: corrections are :class:`Amendment` records."""
        return (
            Minute.objects.live()
            .filter(item__meeting=self, status="agreed")
            .select_related("agreed_at", "agreed_by")
            .order_by("agreed_on", "id")
            .first()
        )


class InNumberOrder(models.Model):
    """A record with a ``number`` as people write it (2a, 6 (a), 10/100) and a stored key
    that sorts it naturally (see :func:`numbering.natural_key`), kept on every save."""

    sort_key = models.CharField(max_length=120, editable=False, default="1")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.number)
        super().save(*args, **kwargs)

    def _field_values(self):
        # The key follows the number: the audit log records the number only.
        out = super()._field_values()
        out.pop("sort_key", None)
        return out


# Agenda items by their number, naturally; then the position held (items with the same
# number, or none); then the order they were added.
AGENDA_ORDER = ("sort_key", "order", "id")


class AgendaItem(InNumberOrder, Tracked):
    SECTIONS = [
        ("opening", "Opening business"),
        ("looking_back", "Looking back"),
        ("looking_ahead", "Looking ahead"),
        ("closing", "Closing business"),
    ]
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveIntegerField(
        default=0,
        help_text="Items are listed by their number; this places items with the same "
        "number, or none (such as AOB), among themselves.",
    )
    number = models.CharField(max_length=10, help_text="As printed, for example 4 or 4 (a).")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    section = models.CharField(max_length=20, choices=SECTIONS, default="opening")
    lead = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Lead officer",
    )
    lead_text = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Lead officer (as written)",
        help_text="When the lead is not a member, or several people: e.g. Chair / all.",
    )
    minutes_allotted = models.PositiveIntegerField(null=True, blank=True, verbose_name="Minutes")
    restricted = models.BooleanField(
        default=False,
        help_text="Restricted items, their papers and minutes are shown to members only.",
    )

    class Meta:
        ordering = AGENDA_ORDER

    def __str__(self) -> str:
        return f"Item {self.number}: {self.title}"

    def audit_partnership(self):
        return self.meeting.partnership

    @property
    def lead_display(self) -> str:
        if self.lead and self.lead_text:
            return f"{self.lead.name} ({self.lead_text})"
        return self.lead.name if self.lead else self.lead_text


class Paper(Tracked):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="papers/%Y/%m/")
    pages = models.CharField(max_length=20, blank=True, help_text="For example 5 - 38.")
    restricted = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title

    def audit_partnership(self):
        return self.item.meeting.partnership

    def is_restricted(self) -> bool:
        return self.restricted or self.item.restricted


class PublicQuestion(Tracked):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.CharField(max_length=200)
    received_on = models.DateField(default=timezone.localdate)
    question = models.TextField()
    response = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Question from {self.asked_by}"

    def audit_partnership(self):
        return self.meeting.partnership


class Attendance(Tracked):
    STATUSES = [
        ("present", "Present"),
        ("apologies", "Apologies"),
        ("absent", "Absent"),
        ("in_attendance", "In attendance (guest)"),
    ]
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(max_length=200, blank=True, help_text="If not a member.")
    organisation = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="present")
    substitute_for = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["status", "name"]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    def audit_partnership(self):
        return self.meeting.partnership

    @property
    def display_name(self) -> str:
        return self.member.name if self.member else self.name

    @property
    def display_organisation(self) -> str:
        if self.organisation:
            return self.organisation
        if self.member and self.member.organisation:
            return self.member.organisation.name
        return ""


class Declaration(Tracked):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="declarations")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(max_length=200, blank=True)
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT)
    interest = models.TextField()

    def __str__(self) -> str:
        return f"Declaration by {self.member.name if self.member else self.name}"

    def audit_partnership(self):
        return self.meeting.partnership

    def is_restricted(self) -> bool:
        """A declaration on a restricted item says something about it: restricted too."""
        return bool(self.item and self.item.restricted)


class Minute(Tracked):
    """The minutes of one agenda item: a draft until agreed at a later meeting."""

    STATUSES = [("draft", "Draft"), ("agreed", "Agreed")]
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="minute")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=STATUSES, default="draft")
    agreed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_agreed"
    )
    agreed_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Minutes of {self.item}"

    def audit_partnership(self):
        return self.item.meeting.partnership

    def is_restricted(self) -> bool:
        return self.item.restricted


class Decision(Tracked):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(help_text="What was decided, as it should be recorded.")

    def __str__(self) -> str:
        return f"Decision on {self.item}"

    def audit_partnership(self):
        return self.item.meeting.partnership

    def is_restricted(self) -> bool:
        return self.item.restricted


class ActionPoint(InNumberOrder, Tracked):
    STATUSES = [("open", "Open"), ("in_progress", "In progress"), ("closed", "Closed")]
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_points")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="action_points"
    )
    # MM/NN, or MM/NNN from a month's 100th: room to spare on every database.
    number = models.CharField(max_length=10, editable=False)
    text = models.TextField(verbose_name="Action point")
    owner = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT)
    owner_text = models.CharField(
        max_length=200, blank=True, verbose_name="Owner (as written)", help_text="If not a member."
    )
    due = models.DateField(null=True, blank=True, verbose_name="Due date")
    status = models.CharField(max_length=12, choices=STATUSES, default="open")
    closing_note = models.TextField(blank=True)
    closed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="closed_points"
    )
    closed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting__date", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="action_point_number")
        ]

    def __str__(self) -> str:
        return f"Action point {self.number}"

    def audit_partnership(self):
        return self.meeting.partnership

    def is_restricted(self) -> bool:
        return bool(self.item and self.item.restricted)

    @property
    def owner_display(self) -> str:
        return self.owner.name if self.owner else self.owner_text

    @property
    def reference(self) -> str:
        """The number with the body that set it: ``Board 10/01``, ``Delivery group 10/01``."""
        return f"{self.meeting.get_body_display()} {self.number}"

    def is_overdue(self, today: date | None = None) -> bool:
        """Past its due date and not closed."""
        return bool(
            self.due and self.status != "closed" and self.due < (today or timezone.localdate())
        )

    def set_status(self, status: str, *, at: Meeting | None = None, note: str = "") -> None:
        """Open, in progress or closed; closing keeps when (and at which meeting, if any)."""
        self.status = status
        if status == "closed":
            self.closing_note = note or self.closing_note
            self.closed_at = at
            self.closed_on = at.date if at is not None else timezone.localdate()
        else:
            self.closed_at = None
            self.closed_on = None

    def assign_number(self, *, reserve: bool = True) -> None:
        """MM/NN: the meeting's month, then the next number among the action points set
        in that month by meetings of the same body (a board and a delivery group both
        start at 01; two board meetings in one month do not share numbers). A number,
        once given, stays: it is quoted in the minutes, even if the meeting moves."""
        from saferplaces.web.partnerships.models import Partnership

        d = self.meeting.date
        if reserve:
            # Two people recording action points at once must not both take the next
            # number: on PostgreSQL the partnership's row is locked until the transaction
            # ends (on SQLite the transaction already holds the write lock).
            Partnership.objects.select_for_update().filter(pk=self.meeting.partnership_id).first()
        used = ActionPoint.objects.filter(
            meeting__partnership=self.meeting.partnership,
            meeting__body=self.meeting.body,
            meeting__date__year=d.year,
            meeting__date__month=d.month,
            number__startswith=f"{d.month:02d}/",
        ).values_list("number", flat=True)
        n = max((int(x.split("/")[1]) for x in used), default=0)
        self.number = f"{d.month:02d}/{n + 1:02d}"


class ActionPointReview(Tracked):
    """A change of an action point's status: what a later meeting said about it, or (no
    meeting) a change made between meetings from the action point's own page. Together
    they are the action point's history, kept after the minutes are agreed."""

    point = models.ForeignKey(ActionPoint, on_delete=models.PROTECT, related_name="reviews")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(max_length=12, choices=ActionPoint.STATUSES)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_on"]

    def __str__(self) -> str:
        if self.meeting is None:
            return f"Status of {self.point.number} changed between meetings"
        return f"Review of {self.point.number} at {self.meeting}"

    def audit_partnership(self):
        return self.point.meeting.partnership

    def is_restricted(self) -> bool:
        return self.point.is_restricted()


class Amendment(Tracked):
    """A correction of agreed minutes, agreed at a later meeting: the original record
    stays as it was and the amendment is shown beside it (who recorded it, when, why).

    Made ``at_agreement`` when a meeting agrees the minutes "subject to amendments":
    then the amended text is the one agreed, and the original is kept here.
    """

    TARGETS = [
        ("minute", "Minutes"),
        ("decision", "Decision"),
        ("point", "Action point"),
        ("item", "Item title"),
        ("attendance", "Attendance"),
        ("other", "Other"),
    ]
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    target = models.CharField(max_length=12, choices=TARGETS)
    target_label = models.CharField(max_length=200, help_text="What it amends, as written.")
    original = models.TextField(blank=True)
    amended = models.TextField(verbose_name="As amended")
    reason = models.TextField(verbose_name="Why")
    agreed_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="amendments_agreed"
    )
    agreed_on = models.DateField()
    at_agreement = models.BooleanField(default=False)

    class Meta:
        ordering = ["agreed_on", "id"]

    def __str__(self) -> str:
        return f"Amendment to {self.target_label} of {self.meeting}"

    def audit_partnership(self):
        return self.meeting.partnership

    def is_restricted(self) -> bool:
        return bool(self.item and self.item.restricted)
