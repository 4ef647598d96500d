from __future__ import annotations

from django import forms

from saferplaces.web.core.forms import DateInput
from saferplaces.web.county.models import CountyShare
from saferplaces.web.county.visibility import available_kinds


class CountyShareForm(forms.ModelForm):
    """Tick what the district publishes to its county (money and reviews only where the
    finance and reviews pages are in use)."""

    class Meta:
        model = CountyShare
        fields = ["flags", "priorities", "action_plan", "money", "reviews"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = {k: what for k, _, what in available_kinds()}
        for name in list(self.fields):
            if name not in offered:
                del self.fields[name]
            else:
                self.fields[name].help_text = f"Publish {offered[name]}."


class AgreementForm(forms.Form):
    """The period of the community safety agreement (periods held in full only)."""

    period = forms.ChoiceField(label="Period")
    baseline = forms.ChoiceField(label="Compared with", required=False)

    def __init__(self, data, *, periods: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = periods
        self.fields["baseline"].choices = [("", "The equal period before (default)"), *periods]
        if not self.is_bound and periods:
            self.initial.setdefault("period", periods[0][0])

    def clean(self):
        from saferplaces.core.periods import parse_period

        data = super().clean()
        period = parse_period(data["period"]) if data.get("period") else None
        baseline = parse_period(data["baseline"]) if data.get("baseline") else None
        if period and baseline and baseline.last >= period.first:
            self.add_error("baseline", "The baseline must end before the period starts.")
        data["period_obj"] = period
        data["baseline_obj"] = baseline or (period.previous() if period else None)
        return data


class SentForm(forms.Form):
    """Recording that the agreement was sent to the Police and Crime Commissioner."""

    sent_to = forms.CharField(
        label="Sent to", max_length=200, initial="Police and Crime Commissioner"
    )
    sent_on = forms.DateField(label="Date sent", widget=DateInput())
    sent_by = forms.CharField(label="Sent by", max_length=200)
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example how it was sent, or the reply expected.",
    )
