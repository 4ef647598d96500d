"""Forms for money. Amounts are typed as people write them (``4000``, ``4,000.00``,
``£4,000.00``) and read by the same function the spreadsheet import uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from saferplaces.finance.budget_file import split_actions
from saferplaces.finance.money import ACCEPTED, AmountError, parse_amount
from saferplaces.web.actions.models import Action, validate_plan_year
from saferplaces.web.core.forms import DateInput
from saferplaces.web.finance.models import (
    Bid,
    BudgetLine,
    Entry,
    FinanceSettings,
    Fund,
    FundYear,
    Grant,
)

IMPORT_MAX_BYTES = 5_000_000


class MoneyField(forms.CharField):
    """An amount in pounds, to the penny, as a Decimal."""

    def __init__(self, *, negative_ok: bool = False, **kwargs):
        self.negative_ok = negative_ok
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    def to_python(self, value):
        try:
            return parse_amount(value, negative_ok=self.negative_ok)
        except AmountError as e:
            raise ValidationError(f"The amount {e}: write {ACCEPTED}.") from None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class YearForm(forms.Form):
    year = forms.CharField(
        label="Financial year", help_text="April to March, written like 2025/26.", max_length=7
    )

    def clean_year(self):
        y = self.cleaned_data["year"].strip()
        validate_plan_year(y)
        return y


class FundForm(forms.ModelForm):
    class Meta:
        model = Fund
        fields = ["name", "funder_kind", "funder", "conditions", "spend_by", "notes"]
        widgets = {
            "spend_by": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AllocationForm(forms.ModelForm):
    brought_forward = MoneyField(
        negative_ok=True,
        label="Brought forward (£)",
        help_text="The balance from last year. Closing last year fills this in.",
    )
    allocated = MoneyField(
        label="Allocation this year (£)", help_text="New money for this year from the funder."
    )

    class Meta:
        model = FundYear
        fields = ["brought_forward", "allocated", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class LineForm(forms.ModelForm):
    original = MoneyField(
        label="Original allocation (£)", help_text="As agreed in the budget for the year."
    )
    actions = forms.MultipleChoiceField(
        label="Relates to actions",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The actions of the year's plan this line pays for.",
    )
    other_actions = forms.CharField(
        label="Other action numbers",
        required=False,
        help_text="Actions not in the plan yet, e.g. 3.4, 3.5: linked when they are added.",
    )

    class Meta:
        model = BudgetLine
        fields = ["number", "item", "fund", "original", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["fund"].queryset = Fund.objects.live().filter(partnership=year.partnership)
        plan = Action.objects.live().filter(
            partnership=year.partnership, priority__plan_year=year.year
        )
        by_number = {a.number: a for a in plan}
        numbers = sorted(by_number, key=_natural)
        self.fields["actions"].choices = [(n, f"{n}: {_short(by_number[n].text)}") for n in numbers]
        if self.instance.pk:
            held = self.instance.action_numbers()
            self.initial["actions"] = [n for n in held if n in numbers]
            self.initial["other_actions"] = ", ".join(n for n in held if n not in numbers)
            if self.instance.revisions.exists():
                self.fields["original"].disabled = True
                self.fields[
                    "original"
                ].help_text = "The line has revised allocations: change it with a revision."

    def clean_number(self):
        n = self.cleaned_data["number"]
        clash = BudgetLine.objects.live().filter(year=self.year, number=n)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if n is not None and clash.exists():
            raise ValidationError(f"{self.year.year} already has a line {n}.")
        return n

    def clean_fund(self):
        fund = self.cleaned_data["fund"]
        line = self.instance
        if line.pk and fund != line.fund and line.entries.live().exists():
            raise ValidationError(
                f"Line {line.number} has money recorded against {line.fund}: archive or "
                "correct those entries before moving the line to another fund."
            )
        return fund

    def clean_other_actions(self):
        good, bad = split_actions(self.cleaned_data["other_actions"])
        if bad:
            raise ValidationError(
                f"{', '.join(bad)} is not an action number: write numbers like 1.4 or 3.2 a, "
                "separated by commas."
            )
        return list(good)

    def action_numbers(self) -> list[str]:
        return list(
            dict.fromkeys(
                [*self.cleaned_data.get("actions", []), *self.cleaned_data["other_actions"]]
            )
        )


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _natural(number: str) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", number))


class RevisionForm(forms.Form):
    """New allocations for any lines, and one reason for all of them."""

    reason = forms.CharField(
        label="Why are the allocations changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with each line's history, with your name and the date.",
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        fields = {}
        for line in self.lines:
            fields[f"line_{line.pk}"] = MoneyField(
                label=f"Line {line.number}: {line.item} (£)",
                initial=line.current,
                help_text=f"Now {line.current:,.2f}",
            )
        reason = self.fields.pop("reason")
        self.fields.update(fields)
        self.fields["reason"] = reason

    def new_allocations(self) -> dict:
        return {line: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        label="Your decision",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say why if you reject it.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why the revision is rejected.")
        return data


class EntryForm(forms.ModelForm):
    amount = MoneyField(
        negative_ok=True,
        label="Amount (£)",
        help_text="A refund is money back: enter it as a negative amount, e.g. -50.00.",
    )

    class Meta:
        model = Entry
        fields = [
            "kind",
            "on",
            "line",
            "fund",
            "counterparty",
            "description",
            "reference",
            "amount",
            "commitment",
            "grant",
        ]
        widgets = {"kind": forms.RadioSelect, "on": DateInput()}

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.year = year
        self.fields["kind"].choices = Entry.KINDS
        self.fields["fund"].queryset = Fund.objects.live().filter(partnership=year.partnership)
        self.fields["fund"].required = False
        self.fields["fund"].help_text = "Leave it to the line's fund when you choose a line."
        self.fields["line"].queryset = year.lines.live().select_related("fund")
        self.fields["line"].label_from_instance = lambda x: f"{x.number}: {x.item} ({x.fund})"
        self.fields["line"].label = "Budget line"
        self.fields["commitment"].queryset = year.entries.live().filter(kind="commitment")
        self.fields["commitment"].label = "Settles a commitment"
        self.fields["grant"].queryset = year.grants.live().filter(status="awarded")
        self.fields["grant"].label = "Pays a grant"
        self.fields["grant"].help_text = "For a grant the partnership awarded."
        self.fields["line"].empty_label = "No line: money on the fund itself"
        self.fields["fund"].empty_label = "The line's fund"
        self.fields["commitment"].empty_label = "None"
        self.fields["grant"].empty_label = "None"

    def clean(self):
        data = super().clean()
        line, fund = data.get("line"), data.get("fund")
        if line is not None:
            if fund is not None and fund != line.fund:
                self.add_error("fund", f"Line {line.number} is paid from {line.fund}.")
            else:
                data["fund"] = line.fund
                self.instance.fund = line.fund
        elif fund is None:
            self.add_error("fund", "Choose the fund, or a budget line.")
        grant = data.get("grant")
        if grant is not None and grant.line_id and line is not None and grant.line_id != line.pk:
            self.add_error("grant", f"That grant is paid from line {grant.line.number}.")
        return data


class GrantForm(forms.ModelForm):
    amount_asked = MoneyField(label="Amount asked for (£)")
    amount_awarded = MoneyField(label="Amount awarded (£)", required=False)

    class Meta:
        model = Grant
        fields = [
            "reference",
            "applicant",
            "project",
            "description",
            "amount_asked",
            "status",
            "amount_awarded",
            "decided_on",
            "conditions",
            "monitoring_due",
            "monitoring_received",
            "fund",
            "line",
            "planned_start",
            "planned_end",
            "charity_number",
            "company_number",
            "recipient_org_id",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "decided_on": DateInput(),
            "monitoring_due": DateInput(),
            "monitoring_received": DateInput(),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
        }

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.year = year
        self.fields["fund"].queryset = Fund.objects.live().filter(partnership=year.partnership)
        self.fields["line"].queryset = year.lines.live()
        self.fields["line"].label = "Budget line"

    def clean_reference(self):
        ref = self.cleaned_data["reference"].strip()
        clash = Grant.objects.live().filter(year=self.instance.year, reference=ref)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{self.instance.year.year} already has a grant {ref}.")
        return ref


class BidForm(forms.ModelForm):
    amount = MoneyField(label="Amount bid for (£)")
    amount_awarded = MoneyField(label="Amount awarded (£)", required=False)

    class Meta:
        model = Bid
        fields = [
            "to",
            "purpose",
            "amount",
            "submitted_on",
            "decision",
            "decided_on",
            "amount_awarded",
            "fund",
            "notes",
        ]
        widgets = {
            "submitted_on": DateInput(),
            "decided_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["fund"].queryset = Fund.objects.live().filter(partnership=partnership)


class SettingsForm(forms.ModelForm):
    approval_threshold = MoneyField(
        label="Approval threshold (£)",
        help_text="A revision moving more than this waits for the chair's approval.",
    )

    class Meta:
        model = FinanceSettings
        fields = ["approval_threshold", "giving_prefix", "funder_org_id", "funder_org_name"]


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the record, e.g. the meeting that agreed the year-end figures.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the year being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the year's history and the audit log.",
    )


class PublishForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None,
        label="The meeting that agreed the report",
        help_text="Only meetings that have taken place.",
    )

    def __init__(self, *args, partnership=None, **kwargs):
        from saferplaces.web.meetings.models import Meeting

        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.live()
            .filter(partnership=partnership, date__lte=date.today())
            .order_by("-date")
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Budget spreadsheet",
        help_text="CSV or XLSX with the headings Line, Item, Relates to actions, Original "
        "allocation, Revised allocation, Notes.",
    )
    fund = forms.ModelChoiceField(
        queryset=None, label="Paid from", help_text="The fund the lines are paid from."
    )

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.live().filter(partnership=partnership)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                f"The file is {f.size / 1e6:.1f} MB; a budget is far smaller (at most "
                f"{IMPORT_MAX_BYTES // 1_000_000} MB). Is it the right file?"
            )
        return f
