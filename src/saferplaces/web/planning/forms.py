"""Forms of prioritisation and the partnership plan."""

from __future__ import annotations

from django import forms

from saferplaces.core.errors import PeriodError
from saferplaces.core.periods import FORMS_HELP, parse_period
from saferplaces.priorities.factors import FACTORS, PROPOSABLE
from saferplaces.web.actions.models import validate_plan_year
from saferplaces.web.core.forms import DateInput
from saferplaces.web.planning.models import (
    CONFIDENCE_CHOICES,
    FACTOR_CHOICES,
    SCORE_CHOICES,
    Measure,
    PartnershipPlan,
    Submission,
)


def next_plan_year(today) -> str:
    """The plan year after the current financial year (priorities are set ahead)."""
    fy = today.year if today.month >= 4 else today.year - 1
    return f"{fy + 1}/{(fy + 2) % 100:02d}"


class OpenForm(forms.Form):
    plan_year = forms.CharField(
        label="Plan year the priorities are for",
        validators=[validate_plan_year],
        help_text="A financial year, e.g. 2026/27.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    period = forms.ChoiceField(label="Evidence period")
    baseline = forms.CharField(
        label="Compared with",
        required=False,
        help_text=f"Default: the equal period before. Forms: {FORMS_HELP}.",
    )
    candidates = forms.MultipleChoiceField(
        label="Issues from the evidence",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="One per indicator held for the area. Volume and trend are proposed from "
        "the indicator's figures, harm from the harm index where one applies.",
    )
    added = forms.CharField(
        label="Issues the partnership adds",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, e.g. County lines, or Scams. Nothing is proposed for "
        "these: members score every factor.",
    )

    def __init__(self, data=None, *, periods, candidates, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = periods
        self.fields["candidates"].choices = candidates
        self.fields["baseline"].widget.attrs["data-plain"] = "1"

    def clean(self):
        data = super().clean()
        period = parse_period(data["period"]) if data.get("period") else None
        text = (data.get("baseline") or "").strip()
        baseline = None
        if text:
            try:
                baseline = parse_period(text)
            except PeriodError as e:
                self.add_error("baseline", f"{e}. Use a form like {FORMS_HELP}.")
        if period and baseline and baseline.last >= period.first:
            self.add_error("baseline", "The baseline must end before the period starts.")
        data["period_obj"] = period
        data["baseline_obj"] = baseline or (period.previous() if period else None)
        added = [" ".join(x.split()) for x in (data.get("added") or "").splitlines()]
        data["added_names"] = [x for x in added if x]
        if not data.get("candidates") and not data["added_names"]:
            self.add_error("candidates", "Choose at least one issue, or add one.")
        return data


class IssueForm(forms.Form):
    name = forms.CharField(label="Issue", max_length=200)
    indicators = forms.MultipleChoiceField(
        label="Its evidence",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None: an issue the partnership adds (members score every factor). One: "
        "that indicator's figures. Several from one source with one denominator: counted "
        "together.",
    )
    description = forms.CharField(
        label="What it is", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    restricted = forms.BooleanField(label="Restricted: never in a public document", required=False)

    def __init__(self, data=None, *, indicators, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["indicators"].choices = indicators


def _score_field(f, required: bool) -> forms.TypedChoiceField:
    blank = [("", "Take the proposed score")] if not required else [("", "Choose")]
    return forms.TypedChoiceField(
        label=f.label,
        choices=blank + SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=f.help.capitalize() + ".",
    )


class ScoreForm(forms.Form):
    """One scorer's scores for one issue. Factors the evidence proposes a score for may
    be left to take it."""

    confidence = forms.ChoiceField(
        label="Confidence in the evidence",
        choices=CONFIDENCE_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *, proposed: dict, **kwargs):
        super().__init__(data, **kwargs)
        fields = {}
        for f in FACTORS:
            takes = f.key in PROPOSABLE and proposed.get(f.key) is not None
            field = _score_field(f, required=not takes)
            if takes:
                field.help_text += f" Proposed from the evidence: {proposed[f.key]}."
            fields[f.key] = field
        fields["confidence"] = self.fields["confidence"]
        self.fields = fields


class OverrideForm(forms.Form):
    factor = forms.ChoiceField(label="Factor", choices=FACTOR_CHOICES)
    value = forms.TypedChoiceField(
        label="Score to use", choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the override and shown in the matrix, e.g. hidden harm: police "
        "data undercounts it.",
    )

    def clean_reason(self):
        text = self.cleaned_data["reason"].strip()
        if not text:
            raise forms.ValidationError("Say why the score is overridden.")
        return text


class ImportForm(forms.Form):
    sheet = forms.FileField(
        label="Workshop sheet",
        help_text="CSV or Excel (.xlsx): one row per issue and scorer, with the columns "
        "issue, scorer, physical, psychological, financial, community, vulnerability, volume, "
        "trend, community_concern, capacity, confidence.",
    )

    def clean_sheet(self):
        f = self.cleaned_data["sheet"]
        if f.size > 2 * 1024 * 1024:
            raise forms.ValidationError("A workshop sheet is at most 2 MB.")
        return f


class AgreeForm(forms.Form):
    item = forms.ChoiceField(
        label="Meeting and agenda item",
        help_text="The item at which the board agreed the priorities: the decision is "
        "recorded there, in that meeting's minutes.",
    )
    priorities = forms.CharField(
        label="Priorities agreed",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line: the priority's title, a colon, then the ranks of the "
        "issues that chose it, e.g. Keep people safe at home: 1, 3",
    )
    note = forms.CharField(
        label="Anything else the minutes should say",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, items, ranks: dict[int, list], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["item"].choices = [("", "Choose an agenda item"), *items]
        self.ranks = ranks

    def clean_priorities(self):
        out = []
        for n, line in enumerate(self.cleaned_data["priorities"].splitlines(), start=1):
            if not line.strip():
                continue
            title, sep, rest = line.rpartition(":")
            if not sep or not title.strip():
                raise forms.ValidationError(
                    f"Line {n}: write the title, a colon, then the issues' ranks."
                )
            issues = []
            for part in rest.replace(";", ",").split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdigit() or int(part) not in self.ranks:
                    raise forms.ValidationError(
                        f"Line {n}: {part!r} is not the rank of an issue in the matrix."
                    )
                issues += self.ranks[int(part)]
            if not issues:
                raise forms.ValidationError(f"Line {n}: give the ranks of the issues.")
            out.append((title.strip(), issues))
        if not out:
            raise forms.ValidationError("Give at least one priority.")
        return out


class PlanForm(forms.ModelForm):
    class Meta:
        model = PartnershipPlan
        fields = ["introduction", "residents_views", "pcc_plan", "county_matters", "review_summary"]
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in fields}


class MeasureForm(forms.ModelForm):
    indicator_id = forms.ChoiceField(label="Indicator")

    class Meta:
        model = Measure
        fields = ["priority", "indicator_id", "direction", "baseline_period", "note"]
        widgets = {"direction": forms.RadioSelect}

    def __init__(self, *args, priorities, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["indicator_id"].choices = [("", "Choose an indicator"), *indicators]

    def clean_baseline_period(self):
        text = self.cleaned_data["baseline_period"].strip()
        try:
            return parse_period(text).spec
        except PeriodError as e:
            raise forms.ValidationError(f"{e}. Use a form like {FORMS_HELP}.") from None


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = [
            "document",
            "plan_year",
            "sent_to",
            "sent_on",
            "sent_by",
            "sent_by_text",
            "edition",
            "note",
        ]
        widgets = {"sent_on": DateInput()}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_by"].queryset = members

    def clean(self):
        data = super().clean()
        if not data.get("sent_by") and not (data.get("sent_by_text") or "").strip():
            self.add_error("sent_by", "Say who sent it.")
        return data
