"""The forms of the evidence pages: the period and baseline pickers, a flags run (its
fields generated from the flags options' declarations), a decision, an assessment."""

from __future__ import annotations

from django import forms

from saferplaces.core.errors import ParameterError, PeriodError
from saferplaces.core.options import Option
from saferplaces.core.periods import FORMS_HELP, Period, parse_period
from saferplaces.places.options import FLAGS


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


def option_field(option: Option) -> forms.Field:
    """The form field of an analysis option, from its declaration: its label, default,
    help, and the values it accepts (checked as the library checks them)."""

    def check(value):
        try:
            option.check(value)
        except ParameterError as e:
            raise forms.ValidationError(f"Enter {e.expected}.") from None

    common = {"label": option.label, "help_text": option.help, "initial": option.default}
    if option.type is bool:
        return forms.BooleanField(required=False, **common)
    if option.type is list:
        return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **common)
    if option.choices:
        return forms.ChoiceField(choices=list(option.choices), widget=forms.RadioSelect, **common)
    attrs: dict[str, str] = {}
    if option.minimum is not None and not option.exclusive_minimum:
        attrs["min"] = f"{option.minimum:g}"
    if option.maximum is not None:
        attrs["max"] = f"{option.maximum:g}"
    if option.type is int:
        attrs["inputmode"] = "numeric"
        return forms.IntegerField(
            widget=forms.NumberInput(attrs=attrs), validators=[check], **common
        )
    if option.type is float:
        attrs |= {"inputmode": "decimal", "step": f"{option.step or 'any'}"}
        return forms.FloatField(widget=forms.NumberInput(attrs=attrs), validators=[check], **common)
    return forms.CharField(required=False, validators=[check], **common)


class _FlagsRunForm(forms.Form):
    """The options of ``saferplaces flags run`` offered on the web, as declared in
    :data:`saferplaces.places.options.FLAGS`."""

    period = forms.ChoiceField(label="Period")

    def __init__(self, data, *, periods: list[tuple[str, str]], indicators, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = periods
        self.fields["indicators"].choices = indicators
        if not self.is_bound:
            self.initial.setdefault("indicators", [i for i, _ in indicators])
            if periods:
                self.initial.setdefault("period", periods[0][0])


# The fields after the period come from the declarations, in their order.
FlagsRunForm = type(
    "FlagsRunForm",
    (_FlagsRunForm,),
    {"__module__": __name__, **{o.name: option_field(o) for o in FLAGS.on("web")}},
)


class FlagDecisionForm(forms.Form):
    """The options of ``saferplaces flags set``."""

    category = forms.ChoiceField(label="Category", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the decision and shown in the ward's history, e.g. "
        "Northstowe new town: prevention focus agreed by the board.",
        error_messages={"required": "Say why: the reason is kept with the decision."},
    )

    def __init__(self, data=None, *, choices, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["category"].choices = choices

    def clean_reason(self):
        text = self.cleaned_data["reason"].strip()
        if not text:
            raise forms.ValidationError("Say why: the reason is kept with the decision.")
        return text


class AssessmentForm(forms.Form):
    """The options of ``saferplaces assess`` a partnership chooses from the web."""

    period = forms.ChoiceField(label="Period")
    baseline = forms.ChoiceField(label="Compared with", required=False)
    edition = forms.ChoiceField(
        label="Edition",
        choices=[
            ("public", "Public: small numbers suppressed; may be published on the public pages"),
            ("restricted", "Restricted: every number, marked RESTRICTED; for members only"),
        ],
        initial="public",
        widget=forms.RadioSelect,
    )

    def __init__(self, data, *, periods: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = periods
        self.fields["baseline"].choices = [("", "The equal period before (default)"), *periods]
        self.fields["baseline"].widget.attrs["data-plain"] = "1"
        if not self.is_bound and periods:
            self.initial.setdefault("period", periods[0][0])

    def clean(self):
        data = super().clean()
        period = parse_period(data["period"]) if data.get("period") else None
        baseline = parse_period(data["baseline"]) if data.get("baseline") else None
        if period and baseline and baseline.last >= period.first:
            self.add_error("baseline", "The baseline must end before the period starts.")
        data["period_obj"] = period
        data["baseline_obj"] = baseline or (period.previous() if period else None)
        return data
