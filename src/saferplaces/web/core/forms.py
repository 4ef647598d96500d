"""Form pieces shared by the apps."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    """A date and time in one native picker (shown in the server's time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ReasonForm(forms.Form):
    """Archiving asks why."""

    reason = forms.CharField(
        label="Why is this being archived?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Archived records are kept and can be read in the audit log.",
    )
