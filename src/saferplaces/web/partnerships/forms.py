from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from saferplaces.web.core.forms import DateInput
from saferplaces.web.partnerships.models import Member, Organisation, Partnership


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "statutory"]


class MemberForm(forms.ModelForm):
    username = forms.CharField(
        label="Sign-in name",
        required=False,
        help_text="The web app account this person signs in with, if any.",
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "job_title",
            "organisation",
            "role",
            "voting",
            "term_start",
            "term_end",
            "email",
        ]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["organisation"].queryset = Organisation.objects.live().filter(
            partnership=partnership
        )
        if self.instance.user_id:
            self.fields["username"].initial = self.instance.user.get_username()

    def clean_username(self):
        """Only an account already of this partnership, or one that belongs to no
        partnership yet (made with ``saferplaces admin createuser`` for this person), may
        be linked: never another partnership's member without their consent. Every other
        name gets the same answer, so the form does not tell which accounts exist."""
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None or not _may_link(user, self.instance.partnership):
            raise forms.ValidationError(
                f"There is no account called {name} that this partnership may link. Ask "
                f"your administrator to make it for this partnership "
                f"({self.instance.partnership.slug}) with `saferplaces admin createuser`."
            )
        return user

    def save(self, commit=True):
        self.instance.user = self.cleaned_data.get("username")
        return super().save(commit=commit)


def _may_link(user, partnership) -> bool:
    """True for an account that is a member of ``partnership`` (any term) or of none."""
    if user.is_superuser:
        return False  # a superuser is linked from the command line, not by an officer
    elsewhere = Member.objects.filter(user=user).exclude(partnership=partnership).exists()
    return not elsewhere


class PartnershipForm(forms.Form):
    """A new partnership: its name, short name and the district or CSP it serves."""

    name = forms.CharField(label="Name", max_length=200, help_text="As on its papers.")
    slug = forms.CharField(
        label="Short name for web links",
        max_length=60,
        help_text="Lower-case letters, digits and hyphens, e.g. south-cambs.",
    )
    area = forms.CharField(
        label="District, CSP or county it serves",
        help_text="A name or ONS code, e.g. South Cambridgeshire or E07000012; a county as "
        "county:Cambridgeshire or E10000003.",
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on its public page.",
    )

    def clean_slug(self):
        from saferplaces.web.partnerships.setup import PartnershipError, check_slug

        try:
            return check_slug(self.cleaned_data["slug"])
        except PartnershipError as e:
            raise forms.ValidationError(str(e).capitalize() + ".") from None

    def clean_area(self):
        from saferplaces.core.errors import SaferplacesError
        from saferplaces.web.evidence.warehouse import EvidenceUnavailable, reading_warehouse
        from saferplaces.web.partnerships.setup import resolve_partnership_area

        text = self.cleaned_data["area"]
        try:
            with reading_warehouse() as wh:
                return resolve_partnership_area(wh, text)
        except EvidenceUnavailable as e:
            raise forms.ValidationError(str(e)) from None
        except SaferplacesError as e:
            raise forms.ValidationError(str(e)) from None


class PartnershipDetailsForm(forms.ModelForm):
    """What a partnership's officers may change about it (not its area or web name); a
    district's partnership also chooses the county partnership it reports to."""

    class Meta:
        model = Partnership
        fields = ["name", "description", "county"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_county:
            del self.fields["county"]
            return
        field = self.fields["county"]
        field.queryset = (
            Partnership.objects.live()
            .filter(area_code__istartswith="E10")
            .exclude(pk=self.instance.pk)
        )
        field.label = "County partnership it reports to"
        field.empty_label = "None"
        field.help_text = (
            "In a two-tier area: the county partnership sees what you publish to it, never "
            "a record restricted to your partnership."
        )

    def clean_county(self):
        from saferplaces.core.errors import SaferplacesError
        from saferplaces.web.evidence.warehouse import EvidenceUnavailable, reading_warehouse
        from saferplaces.web.partnerships.setup import may_join

        county = self.cleaned_data.get("county")
        if county is None or county == self.instance.county:
            return county
        try:
            with reading_warehouse() as wh:
                ok = may_join(wh, self.instance, county)
        except (EvidenceUnavailable, SaferplacesError) as e:
            raise forms.ValidationError(str(e)) from None
        if not ok:
            raise forms.ValidationError(
                f"{self.instance.area_name or self.instance.area_code} does not lie in "
                f"{county.area_name or county.area_code}: choose its own county's partnership."
            )
        return county
