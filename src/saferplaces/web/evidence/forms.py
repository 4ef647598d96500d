"""The period and baseline pickers of the evidence pages."""

from __future__ import annotations

from django import forms

from saferplaces.core.errors import PeriodError
from saferplaces.core.periods import FORMS_HELP, Period, parse_period


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    baseline = forms.ChoiceField(label="Compared with", required=False)
    other_period = forms.CharField(
        label="Another period", required=False, help_text=f"For example {FORMS_HELP}."
    )
    other_baseline = forms.CharField(
        label="Another baseline", required=False, help_text="Same forms as the period."
    )

    def __init__(self, data, suggestions: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        for name in ("period", "baseline"):
            # Pickers with a default: not labelled "(optional)".
            self.fields[name].widget.attrs["data-plain"] = "1"
        self.fields["period"].choices = suggestions
        self.fields["baseline"].choices = [
            ("", "The equal period before (default)"),
            *suggestions,
        ]

    def _parse(self, field: str) -> Period | None:
        text = (self.cleaned_data.get(field) or "").strip()
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as e:
            self.add_error(field, f"{e}. Use a form like {FORMS_HELP}.")
            return None

    def clean(self):
        data = super().clean()
        period = self._parse("other_period") or self._parse("period")
        baseline = self._parse("other_baseline") or self._parse("baseline")
        if period is None and not self.errors:
            self.add_error("period", "Choose a period.")
        if period and baseline and baseline.last >= period.first:
            self.add_error("baseline", "The baseline must end before the period starts.")
        data["period_obj"] = period
        data["baseline_obj"] = baseline or (period.previous() if period else None)
        return data
