"""The library calls behind ``saferplaces reviews``: the year's ASB counts for a
partnership, and importing a register spreadsheet whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from saferplaces.core.errors import SaferplacesError
from saferplaces.reviews.asb import PublicationCounts, publication_counts
from saferplaces.reviews.registers import Problem, Register, RegisterRefused, read_register


def partnership_of(slug: str):
    from saferplaces.web.partnerships.models import Partnership

    p = Partnership.objects.live().filter(slug=slug).first()
    if p is None:
        known = ", ".join(Partnership.objects.live().values_list("slug", flat=True)) or "none yet"
        raise SaferplacesError(
            f"no partnership {slug!r}; the partnerships are: {known} "
            "(make one with `saferplaces admin createpartnership`)"
        )
    return p


def asb_counts(slug: str, year: str, as_of: date | None = None) -> PublicationCounts:
    from saferplaces.web.reviews.models import AsbCaseReview

    p = partnership_of(slug)
    cases = AsbCaseReview.objects.live().filter(partnership=p)
    return publication_counts((c.facts() for c in cases), year, as_of)


@dataclass
class Imported:
    kind: str
    partnership: str
    created: int
    file: str


def import_register(kind: str, path: Path, slug: str, user=None) -> Imported:
    """Check the whole file, then store every row in one transaction; a file with any
    problem (including a reference already in the register) changes nothing."""
    p = partnership_of(slug)
    register = read_register(path, kind)
    model = _model(kind)
    refs = [r.values["reference"] for r in register.rows]
    held = set(
        model.objects.live()
        .filter(partnership=p, reference__in=refs)
        .values_list("reference", flat=True)
    )
    if held:
        raise RegisterRefused(
            register.file,
            [
                Problem(
                    r.row,
                    "reference",
                    r.values["reference"],
                    f"is already in {p.slug}'s register; change it in the web app, or take "
                    "the row out of the file",
                )
                for r in register.rows
                if r.values["reference"] in held
            ],
        )
    name = Path(register.file).name
    records, problems = [], []
    for r in register.rows:
        obj = _record(kind, register, r, p)
        obj.imported_from = name[:300]
        try:
            obj.full_clean(exclude=["partnership"], validate_constraints=False)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                column = None if field == NON_FIELD_ERRORS else field
                value = r.values.get(field) if column else None
                problems += [Problem(r.row, column, _shown(value), m) for m in messages]
        records.append(obj)
    if problems:
        raise RegisterRefused(register.file, problems)
    with transaction.atomic():
        for obj in records:
            obj.save_by(user, reason=f"imported from {name}")
    return Imported(kind, p.slug, len(records), register.file)


def _shown(value) -> str | None:
    return None if value is None else str(value)


def _model(kind: str):
    from saferplaces.web.reviews.models import AsbCaseReview, Dardr

    return {"asb": AsbCaseReview, "dardr": Dardr}[kind]


def _record(kind: str, register: Register, row, p):
    from saferplaces.web.reviews.models import AsbCaseReview, Dardr

    v = row.values
    if kind == "asb":
        return AsbCaseReview(
            partnership=p,
            reference=v["reference"],
            received=v["received"],
            applicant=v["applicant"],
            threshold_met=v.get("threshold_met"),
            decision_date=v.get("decision_date"),
            review_date=v.get("review_date"),
            recommendations_made=v.get("recommendations_made"),
            outcome=v.get("outcome") or "",
            applicant_informed=v.get("applicant_informed"),
        )
    return Dardr(
        partnership=p,
        **{k: (val if val is not None else _blank(Dardr, k)) for k, val in v.items()},
    )


def _blank(model, field: str):
    """What an empty cell means for a field: None for a date, "" for text."""
    f = model._meta.get_field(field)
    return None if f.null else ""
