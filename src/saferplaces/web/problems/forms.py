from __future__ import annotations

from django import forms

from saferplaces.web.actions.models import Action
from saferplaces.web.core.forms import DateInput
from saferplaces.web.partnerships.models import Member
from saferplaces.web.problems.models import PlanAction, ProblemPlan


def _members(partnership):
    return Member.objects.live().filter(partnership=partnership).exclude(role="guest")


class OpenPlanForm(forms.ModelForm):
    class Meta:
        model = ProblemPlan
        fields = ["title", "indicator_id", "owner", "objective"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership=None, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_id"] = forms.ChoiceField(
            label="Focus indicator",
            choices=list(indicators),
            help_text="The problem the plan works on; the analysis and assessment count it.",
        )
        self.fields["owner"].queryset = _members(partnership)


class PlanForm(forms.ModelForm):
    class Meta:
        model = ProblemPlan
        fields = [
            "title",
            "status",
            "owner",
            "objective",
            "scanning_notes",
            "pat_location",
            "pat_victim",
            "pat_offender",
            "pat_controllers",
            "analysis_notes",
            "response_started",
            "response_notes",
            "assessment_notes",
        ]
        widgets = {"response_started": DateInput()}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(partnership)
        for f in self.fields.values():
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs["rows"] = 3


class LinkActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["action", "note"]

    def __init__(self, *args, partnership=None, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        taken = PlanAction.objects.live().filter(plan=plan).values("action")
        self.fields["action"].queryset = (
            Action.objects.live()
            .filter(partnership=partnership)
            .exclude(pk__in=taken)
            .select_related("priority")
            .order_by("-priority__plan_year", "priority__number", "number")
        )
        self.fields["action"].label_from_instance = lambda a: (
            f"{a.plan_year} action {a.number}: {a.text[:80]}"
        )
        self.fields["action"].help_text = (
            "An action of the partnership's plan that is part of the response. It is also "
            "linked to the ward, so the flags page shows it."
        )


class AssessForm(forms.Form):
    before = forms.CharField(
        label="Before",
        help_text="The period before the response: e.g. 2024-04..2024-12 (the same months a "
        "year earlier by default).",
    )
    after = forms.CharField(
        label="After", help_text="From the month the response began to the latest month held."
    )

    def clean(self):
        from saferplaces.core.errors import SaferplacesError
        from saferplaces.core.periods import parse_period

        d = super().clean()
        for f in ("before", "after"):
            if d.get(f):
                try:
                    d[f + "_period"] = parse_period(d[f])
                except SaferplacesError as e:
                    self.add_error(f, str(e))
        return d


class HotspotForm(forms.Form):
    indicator = forms.ChoiceField(label="Indicator")
    period = forms.ChoiceField(label="Period")

    def __init__(self, *args, indicators=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = list(indicators)
        self.fields["period"].choices = list(periods)
