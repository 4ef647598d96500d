from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from saferplaces.web.core.forms import DateInput
from saferplaces.web.partnerships.models import Member, Organisation


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
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(
                f"There is no account called {name}; create it with "
                "`saferplaces admin createuser` first."
            )
        return user

    def save(self, commit=True):
        self.instance.user = self.cleaned_data.get("username")
        return super().save(commit=commit)
