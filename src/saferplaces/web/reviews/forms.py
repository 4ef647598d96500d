"""Forms of the review registers. Every free-text field refuses obvious personal data
(``validators.no_personal_data``); each form page also says so."""

from __future__ import annotations

from django import forms

from saferplaces.reviews.dardr import REC_STATUSES
from saferplaces.reviews.years import financial_year
from saferplaces.web.core.forms import DateInput
from saferplaces.web.finance.models import BudgetLine
from saferplaces.web.partnerships.models import Member, Organisation
from saferplaces.web.reviews.models import (
    AsbCaseReview,
    AsbComplaint,
    AsbRecommendation,
    Dardr,
    DardrCost,
    DardrRecommendation,
    ReviewGroupMember,
    ReviewSettings,
)

_TEXT = {"rows": 3}


def _organisations(form: forms.ModelForm, partnership) -> None:
    if "agency" in form.fields:
        form.fields["agency"].queryset = Organisation.objects.live().filter(partnership=partnership)
    if "review_lead" in form.fields:
        form.fields["review_lead"].queryset = Organisation.objects.live().filter(
            partnership=partnership
        )


def unique_reference(form) -> str:
    """The form's reference, refused if another live record of the register has it."""
    ref = form.cleaned_data["reference"].strip()
    model = form._meta.model
    clash = model.objects.live().filter(partnership=form.partnership, reference=ref)
    if form.instance.pk:
        clash = clash.exclude(pk=form.instance.pk)
    if clash.exists():
        raise forms.ValidationError(f"The register already has {ref}.")
    return ref


class _Partnership(forms.ModelForm):
    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        _organisations(self, partnership)
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs.setdefault("rows", 3)
            model_field = self._meta.model._meta.get_field(name)
            if model_field.get_internal_type() == "DateField":
                f.widget = DateInput()


class AsbCaseForm(_Partnership):
    threshold_met = forms.TypedChoiceField(
        label="Threshold met",
        required=False,
        choices=[("", "Not decided yet"), ("True", "Yes"), ("False", "No")],
        coerce=lambda v: {"True": True, "False": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
    )
    recommendations_made = forms.TypedChoiceField(
        label="Did the review make recommendations?",
        required=False,
        choices=[("", "Not yet known"), ("True", "Yes"), ("False", "No")],
        coerce=lambda v: {"True": True, "False": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AsbCaseReview
        fields = [
            "reference",
            "received",
            "applicant",
            "received_by",
            "threshold_met",
            "decision_date",
            "decision_reason",
            "review_date",
            "review_lead",
            "recommendations_made",
            "outcome",
            "applicant_informed",
            "escalated",
            "escalation",
            "notes",
        ]
        widgets = {"applicant": forms.RadioSelect}

    def clean_reference(self):
        return unique_reference(self)

    def clean(self):
        from saferplaces.reviews.asb import AsbFacts, check_consistent

        d = super().clean()
        if self.errors or not d.get("received"):
            return d
        facts = AsbFacts(
            d.get("reference", ""),
            d["received"],
            d.get("threshold_met"),
            d.get("decision_date"),
            d.get("review_date"),
            d.get("recommendations_made"),
            d.get("applicant_informed"),
        )
        for field, why in check_consistent(facts):
            self.add_error(field, f"This {why}.")
        return d


class ComplaintForm(_Partnership):
    class Meta:
        model = AsbComplaint
        fields = ["reported_on", "agency", "agency_text", "agency_reference"]


class AsbRecommendationForm(_Partnership):
    class Meta:
        model = AsbRecommendation
        fields = ["agency", "agency_text", "text", "response", "responded_on"]


class DardrForm(_Partnership):
    publication_url = forms.URLField(
        label="Published report (web address)",
        required=False,
        assume_scheme="https",
        help_text="Shown on the public page.",
    )

    class Meta:
        model = Dardr
        fields = [
            "reference",
            "notified_on",
            "notified_by",
            "notification",
            "decision",
            "decision_on",
            "decision_reason",
            "home_office_notified_on",
            "chair",
            "author",
            "panel_agencies",
            "terms_of_reference",
            "terms_of_reference_agreed_on",
            "family_invited_on",
            "panel_first_met_on",
            "report_completed_on",
            "submitted_to_qa_on",
            "qa_outcome",
            "qa_outcome_on",
            "published_on",
            "publication_url",
            "not_published_reason",
            "paused_reason",
            "notes",
        ]

    def clean_reference(self):
        return unique_reference(self)


class CostForm(_Partnership):
    class Meta:
        model = DardrCost
        fields = ["description", "amount", "incurred_on", "line", "funded_from"]

    def __init__(self, *args, money: bool = False, **kwargs):
        """``money``: the reader may see the budget (``view_finance``); else no lines."""
        super().__init__(*args, **kwargs)
        field = self.fields["line"]
        field.queryset = (
            BudgetLine.objects.live()
            .filter(year__partnership=self.partnership)
            .select_related("year")
            .order_by("-year__year", "number")
            if money
            else BudgetLine.objects.none()
        )
        field.label_from_instance = lambda ln: f"{ln.year.year}, line {ln.number}: {ln.item}"
        field.empty_label = "Not from a budget line kept here"

    def clean(self):
        data = super().clean()
        line, day = data.get("line"), data.get("incurred_on")
        if line and day and line.year.year != financial_year(day):
            self.add_error(
                "line",
                f"Line {line.number} is in the {line.year.year} budget, but the cost was "
                f"incurred on {day:%-d %B %Y}, in {financial_year(day)}: choose a line of "
                f"the {financial_year(day)} budget.",
            )
        return data


class DardrRecommendationForm(_Partnership):
    class Meta:
        model = DardrRecommendation
        fields = ["number", "text", "agency", "agency_text", "owner", "due", "national"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=REC_STATUSES, widget=forms.RadioSelect, label="New status")
    reason = forms.CharField(
        label="Why is it changing?",
        widget=forms.Textarea(attrs=_TEXT),
        help_text="Kept in the recommendation's history with your name and the date.",
    )
    evidence = forms.CharField(
        label="Evidence of completion",
        required=False,
        widget=forms.Textarea(attrs=_TEXT),
        help_text="Needed to close it as complete: what was done, and what shows it "
        "(an audit, a changed policy, training records). Depersonalised.",
    )
    evidence_link = forms.CharField(
        label="Where the evidence is kept",
        required=False,
        max_length=300,
        help_text="A document reference or web address.",
    )

    def clean(self):
        from saferplaces.web.reviews.validators import no_personal_data

        d = super().clean()
        if d.get("status") == "complete" and not (d.get("evidence") or "").strip():
            self.add_error("evidence", "Give the evidence that it is complete.")
        for f in ("reason", "evidence", "evidence_link"):
            try:
                no_personal_data(d.get(f) or "")
            except forms.ValidationError as e:
                self.add_error(f, e)
        return d


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "asb_threshold_complaints",
            "asb_threshold_months",
            "asb_threshold_text",
            "asb_decision_days",
            "asb_review_days",
            "asb_inform_days",
        ]
        widgets = {"asb_threshold_text": forms.Textarea(attrs=_TEXT)}


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = ReviewGroupMember
        fields = ["member", "note"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        already = ReviewGroupMember.objects.live().filter(partnership=partnership)
        self.fields["member"].queryset = (
            Member.objects.live()
            .filter(partnership=partnership)
            .exclude(role="guest")
            .exclude(pk__in=already.values("member"))
        )
        self.fields[
            "member"
        ].help_text = "Members of the partnership (not guests). They will read every DARDR record."


class PublishForm(forms.Form):
    statement = forms.CharField(
        label="Statement shown with the counts",
        required=False,
        widget=forms.Textarea(attrs=_TEXT),
        help_text="For example how to apply for a case review, and the threshold.",
    )
