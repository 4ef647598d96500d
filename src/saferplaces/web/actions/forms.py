from __future__ import annotations

from django import forms

from saferplaces.web.actions.models import (
    RAG,
    STRANDS,
    Action,
    ActionPlace,
    Priority,
    ProgressEntry,
)
from saferplaces.web.partnerships.models import Member, Organisation


class PriorityForm(forms.ModelForm):
    strands = forms.MultipleChoiceField(
        label="Statutory strands it addresses",
        choices=STRANDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The plan must cover all four; the statutory checklist counts them.",
    )

    class Meta:
        model = Priority
        fields = ["plan_year", "number", "title", "context", "outcomes", "strands"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["strands"] = self.instance.strand_list

    def clean_strands(self) -> str:
        return ",".join(self.cleaned_data["strands"])


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "priority",
            "number",
            "text",
            "responsible_agency",
            "responsible_officer",
            "responsible_text",
            "timescale",
            "funding_line",
            "funding_amount",
            "restricted",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnership=None, plan_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        pri = Priority.objects.live().filter(partnership=partnership)
        if plan_year:
            pri = pri.filter(plan_year=plan_year)
        self.fields["priority"].queryset = pri
        self.fields["responsible_agency"].queryset = Organisation.objects.live().filter(
            partnership=partnership
        )
        self.fields["responsible_officer"].queryset = Member.objects.live().filter(
            partnership=partnership
        )


class RagForm(forms.Form):
    status = forms.ChoiceField(choices=RAG, widget=forms.RadioSelect, label="New RAG status")
    reason = forms.CharField(
        label="Why is it changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the action's history with your name and the date.",
    )


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressEntry
        fields = ["quarter", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices:
            self.fields["quarter"].choices = choices


class PlaceForm(forms.ModelForm):
    ward_code = forms.ChoiceField(label="Ward")

    class Meta:
        model = ActionPlace
        fields = ["ward_code", "indicator_id", "note"]
        labels = {"indicator_id": "Evidence indicator"}

    def __init__(self, *args, wards=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.wards = dict(wards)
        self.fields["ward_code"].choices = [("", "Choose a ward"), *wards]
        self.fields["indicator_id"] = forms.ChoiceField(
            label="Evidence indicator", required=False, choices=[("", "None"), *indicators]
        )

    def clean_ward_code(self):
        code = self.cleaned_data["ward_code"]
        self.instance.ward_name = self.wards.get(code, code)
        return code
