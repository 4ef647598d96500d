from __future__ import annotations

from django import forms

from saferplaces.quality.agreements import LEGAL_BASES
from saferplaces.web.agreements.models import SharingAgreement


def source_choices(held: list[str] = ()) -> list[tuple[str, str]]:
    """The built-in agency sources (as `saferplaces sources` lists them), then any other
    source the warehouse holds (an agency's own spec)."""
    from saferplaces.sources.agency.catalogue import source_catalogue

    out = [(e["name"], f"{e['title']} ({e['name']})") for e in source_catalogue()]
    known = {n for n, _ in out}
    return out + [(s, s) for s in held if s not in known]


class AgreementForm(forms.ModelForm):
    legal_bases = forms.MultipleChoiceField(
        label="Legal bases",
        choices=LEGAL_BASES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every basis the agreement relies on.",
    )
    sources = forms.MultipleChoiceField(
        label="Warehouse sources it covers",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="police.uk open data needs no agreement and is not listed.",
    )

    class Meta:
        model = SharingAgreement
        fields = [
            "title",
            "status",
            "parties",
            "purpose",
            "legal_bases",
            "legal_basis_other",
            "sources",
            "signed_on",
            "review_on",
            "owner",
        ]
        widgets = {
            "parties": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "review_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, held: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = source_choices(held)
        # A source named before that is no longer offered stays choosable.
        if self.instance.pk:
            known = {c for c, _ in choices}
            choices += [(s, s) for s in self.instance.source_list if s not in known]
        self.fields["sources"].choices = choices
        if self.instance.pk and not self.is_bound:
            self.initial["legal_bases"] = self.instance.legal_basis_list
            self.initial["sources"] = self.instance.source_list

    def clean_legal_bases(self) -> str:
        return ",".join(self.cleaned_data["legal_bases"])

    def clean_sources(self) -> str:
        return ",".join(self.cleaned_data["sources"])

    def clean(self):
        data = super().clean()
        bases = (data.get("legal_bases") or "").split(",")
        if "other" in bases and not (data.get("legal_basis_other") or "").strip():
            self.add_error("legal_basis_other", "Say which other legal basis the agreement uses.")
        if data.get("status") == "signed" and not data.get("signed_on"):
            self.add_error("signed_on", "Give the date the agreement was signed.")
        signed, review = data.get("signed_on"), data.get("review_on")
        if signed and review and review < signed:
            self.add_error("review_on", "The review date must be on or after the signed date.")
        return data


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being removed from the register?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log. To record that an agreement ended, change its "
        "status to expired or withdrawn instead.",
    )
