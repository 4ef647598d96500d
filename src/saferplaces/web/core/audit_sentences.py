"""The audit log as people read it: sentences naming people, not usernames or field
names. "Alex Smith published the assessment 'South Cambridgeshire, January to December
2025'", not "published_by: (empty) → 1".

The events themselves are unchanged (append-only, with the raw changes): this only words
them for the page.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist

# Records kept outside Django's models, or whose model name reads badly.
NOUNS = {
    "evidence.GeneratedAssessment": "assessment",
    "evidence.AssessmentFolder": "assessment",
    "places.FlagRun": "place flags run",
    "places.FlagDecision": "place flag decision",
    "auth.User": "account",
    "core.AuditLog": "",
}

VERBS = {
    "create": "added",
    "change": "changed",
    "archive": "archived",
    "view": "viewed",
    "download": "downloaded",
}

# What making some records is called, said of what the record names.
MADE = {
    "places.FlagRun": "ran place flags for",
    "places.FlagDecision": "decided the place flag category of",
    "evidence.GeneratedAssessment": "asked for the assessment",
}

# Fields a sentence already says (or that only the machine reads).
QUIET = {"sort_key", "published_on", "published_by"}

LONGEST = 120  # characters of a value quoted in a sentence


def person(user) -> str:
    """A person as readers know them: the full name, else the username."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def who(event) -> str:
    """Who did it: their name; the username kept when the account is gone; else the
    system (a command, a scheduled job)."""
    if event.user_id and event.user is not None:
        return person(event.user)
    return event.username or "The system"


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def noun(label: str) -> str:
    if label in NOUNS:
        return NOUNS[label]
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label.split(".")[-1]


def _what(event) -> str:
    name = noun(event.model)
    restricted = "restricted " if event.action in ("view", "download") else ""
    if not name:
        return event.object_repr
    return f"the {restricted}{name} '{event.object_repr}'"


def _published(event) -> bool | None:
    """True when the change published the record, False when it withdrew it."""
    change = (event.changes or {}).get("published")
    if event.action != "change" or not isinstance(change, list) or len(change) != 2:
        return None
    return bool(change[1])


def sentence(event) -> str:
    """The event in one sentence."""
    if event.action in ("sign_in", "sign_out"):
        done = "signed in" if event.action == "sign_in" else "signed out"
        return f"{who(event)} {done}."
    if event.action in ("sign_fail", "locked"):
        return event.object_repr + "."
    published = _published(event)
    if published is True:
        return f"{who(event)} published {_what(event)}."
    if published is False:
        return f"{who(event)} withdrew {_what(event)} from the public pages."
    if event.action == "create" and event.model in MADE:
        return f"{who(event)} {MADE[event.model]} '{event.object_repr}'."
    verb = VERBS.get(event.action, event.get_action_display().lower())
    return f"{who(event)} {verb} {_what(event)}."


def _value(field, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        related = field.related_model.objects.filter(pk=value).first()
        if related is None:
            return "a record since removed"
        if isinstance(related, get_user_model()):
            return person(related)
        return str(related)
    text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def changes(event) -> list[str]:
    """What a change changed, one sentence a field: "Title changed from 'A' to 'B'"."""
    if event.action != "change" or not isinstance(event.changes, dict):
        return []
    model = _model(event.model)
    out = []
    for name, pair in event.changes.items():
        if name in QUIET or name == "published" or not isinstance(pair, list) or len(pair) != 2:
            continue
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        label = str(field.verbose_name) if field is not None else name.replace("_", " ")
        label = label[:1].upper() + label[1:]
        before, after = _value(field, pair[0]), _value(field, pair[1])
        if before and after:
            out.append(f"{label} changed from '{before}' to '{after}'.")
        elif after:
            out.append(f"{label} set to '{after}'.")
        elif before:
            out.append(f"{label} cleared (was '{before}').")
    return out
