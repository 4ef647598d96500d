from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from django import forms
from django.utils import timezone

from saferplaces.web.core.forms import DateInput, DateTimeInput, TimeInput
from saferplaces.web.meetings.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    Meeting,
    Minute,
    Paper,
    PublicQuestion,
)
from saferplaces.web.meetings.paper_types import paper_problem
from saferplaces.web.partnerships.models import Member


def _members(form, partnership, *names):
    for n in names:
        form.fields[n].queryset = Member.objects.live().filter(partnership=partnership)
        form.fields[n].empty_label = "Choose a member"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "body",
            "date",
            "start_time",
            "end_time",
            "location",
            "online",
            "online_details",
            "status",
            "public_questions_deadline",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "public_questions_deadline": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"public_questions_deadline": "Deadline for public questions"}
        help_texts = {
            "public_questions_deadline": "Printed on the agenda: questions must arrive by "
            "this date and time."
        }

    def clean(self):
        data = super().clean()
        s, e = data.get("start_time"), data.get("end_time")
        if s and e and e <= s:
            self.add_error("end_time", "The meeting must end after it starts.")
        if not data.get("location") and not data.get("online"):
            self.add_error("location", "Give a place, or say the meeting is online.")
        day, deadline = data.get("date"), data.get("public_questions_deadline")
        if day and deadline:
            starts = timezone.make_aware(datetime.combine(day, s or time.max))
            if deadline >= starts:
                self.add_error(
                    "public_questions_deadline", "The deadline must be before the meeting starts."
                )
        if day and data.get("status") == "held" and day > timezone.localdate():
            self.add_error(
                "status",
                f"The meeting has not happened yet ({day:%-d %B %Y}): mark it held on or "
                "after that day.",
            )
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "section",
            "lead",
            "lead_text",
            "minutes_allotted",
            "restricted",
            "description",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        _members(self, partnership, "lead")
        self.fields["order"].required = False
        self.fields["order"].help_text = "Leave empty to put it at the end."

    def clean(self):
        data = super().clean()
        if not data.get("lead") and not data.get("lead_text"):
            self.add_error("lead", "Choose the lead officer, or write who leads the item.")
        return data


# What a board paper may be: documents people open, never programs or web pages.
PAPER_TYPES = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
    ".csv", ".txt", ".rtf",
}  # fmt: skip
PAPER_MAX_MB = 20


class PaperForm(forms.ModelForm):
    class Meta:
        model = Paper
        fields = ["title", "file", "pages", "restricted"]
        help_texts = {
            "file": f"PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text; up to "
            f"{PAPER_MAX_MB} MB."
        }

    def clean_file(self):
        f = self.cleaned_data["file"]
        suffix = Path(f.name).suffix.lower()
        if suffix not in PAPER_TYPES:
            raise forms.ValidationError(
                f"{f.name} is not a document we accept: upload a PDF, Word, Excel, "
                "PowerPoint, OpenDocument, CSV or text file."
            )
        if f.size > PAPER_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"{f.name} is {f.size / 1024 / 1024:.1f} MB; papers may be up to {PAPER_MAX_MB} MB."
            )
        problem = paper_problem(f.name, suffix, f)
        if problem:
            raise forms.ValidationError(problem)
        return f


class PaperEditForm(forms.ModelForm):
    """Correct a paper's details; to replace its file, add the new one and archive this."""

    class Meta:
        model = Paper
        fields = ["title", "pages", "restricted"]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = PublicQuestion
        fields = ["asked_by", "received_on", "question", "response"]
        widgets = {"received_on": DateInput(), "question": forms.Textarea(attrs={"rows": 4})}


class GuestAttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["name", "organisation", "status", "substitute_for"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the name of the person attending.")
        return name


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["member", "name", "item", "interest"]
        widgets = {"interest": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        _members(self, partnership, "member")
        self.fields["item"].queryset = meeting.items() if meeting else AgendaItem.objects.none()
        self.fields["item"].label = "Agenda item"

    def clean(self):
        data = super().clean()
        if not data.get("member") and not data.get("name"):
            self.add_error("member", "Choose who is declaring, or write their name.")
        return data


class MinuteForm(forms.ModelForm):
    class Meta:
        model = Minute
        fields = ["text"]
        labels = {"text": "Minutes of this item"}
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"text": {"required": "Enter the minutes of this item."}}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        labels = {"text": "Decision"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Enter the decision, as it should be recorded."}}


class ActionPointForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["text", "owner", "owner_text", "due", "status", "closing_note"]
        widgets = {
            "due": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
            "closing_note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"text": {"required": "Enter the action point: what is to be done."}}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        _members(self, partnership, "owner")
        self.fields["owner"].help_text = "Or, if they are not a member, write their name below."

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_text"):
            self.add_error("owner", "Choose who owns the action point, or write their name.")
        if data.get("status") == "closed" and not data.get("closing_note"):
            self.add_error("closing_note", "Say how the action point was closed.")
        return data


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=ActionPoint.STATUSES, label="Status now")
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when closing: how it was done.",
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == "closed" and not (data.get("note") or "").strip():
            self.add_error("note", "Say how the action point was closed.")
        return data


def _same_text(a: str, b: str) -> bool:
    """Equal as typed: browsers send line breaks as CRLF."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class AgreeMinutesForm(forms.Form):
    """Agree the previous meeting's draft minutes, as they stand or "subject to
    amendments": each item's text can be changed here, and every change is kept as an
    amendment (the original beside it)."""

    agreed = forms.BooleanField(
        label="The board agreed these minutes as a correct record", required=True
    )
    note = forms.CharField(
        label="Amendments or conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: subject to correcting a name in the attendance list. "
        "Needed when you change the text of any item below: say why.",
    )

    def __init__(self, *args, drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = list(drafts)
        for m in self.drafts:
            self.fields[f"text-{m.pk}"] = forms.CharField(
                label=f"Minutes of item {m.item.number}: {m.item.title}",
                initial=m.text,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text="Change the text if the meeting agreed it subject to amendments.",
                # Not sent (an older page, a script): the text stands as drafted.
                required=False,
            )

    def amended(self) -> list[tuple[Minute, str]]:
        """The draft minutes whose text was changed, with the text agreed."""
        out = []
        for m in self.drafts:
            text = self.cleaned_data.get(f"text-{m.pk}")
            if text and not _same_text(text, m.text):
                out.append((m, text.replace("\r\n", "\n").strip()))
        return out

    def clean(self):
        data = super().clean()
        for m in self.drafts:
            name = f"text-{m.pk}"
            if name in self.data and not (data.get(name) or "").strip():
                self.add_error(name, f"Enter the minutes of item {m.item.number}.")
        if self.amended() and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the minutes were amended.")
        return data


class AmendmentForm(forms.Form):
    """Correct agreed minutes: what is amended, the text as amended, why, and the later
    meeting that agreed the amendment."""

    target = forms.ChoiceField(label="What the amendment corrects")
    amended = forms.CharField(
        label="The text as amended",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the text as amended."},
    )
    reason = forms.CharField(
        label="Why it was amended",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the minutes were amended."},
    )
    agreed_at = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Agreed at the meeting of",
        empty_label="Choose the meeting",
        error_messages={"required": "Choose the meeting that agreed the amendment."},
    )

    def __init__(self, *args, targets=(), meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {t.key: t for t in targets}
        self.fields["target"].choices = [("", "Choose what it corrects")] + [
            (t.key, t.label) for t in targets
        ]
        self.fields["target"].error_messages["required"] = "Choose what the amendment corrects."
        if meetings is not None:
            self.fields["agreed_at"].queryset = meetings
        self.fields["agreed_at"].label_from_instance = lambda m: str(m)

    def clean(self):
        data = super().clean()
        key, text = data.get("target"), data.get("amended")
        if key and text and _same_text(text, self.targets[key].text):
            self.add_error("amended", "The amended text is the same as the original.")
        return data


class ActionPointStatusForm(forms.ModelForm):
    """An action point of agreed minutes: its wording stands, its status moves on."""

    class Meta:
        model = ActionPoint
        fields = ["status", "closing_note"]
        widgets = {"closing_note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("status") == "closed" and not data.get("closing_note"):
            self.add_error("closing_note", "Say how the action point was closed.")
        return data
