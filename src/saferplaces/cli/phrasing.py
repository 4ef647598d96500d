"""How the command line words the library's notes and errors: a parameter is named by
its flag (``min_flags`` is ``--min-flags``, as Typer names every option from its
parameter), with the value to give where the message suggests one.

>>> from saferplaces.core.messages import Hint, Note, Param
>>> cli_text(Note("Too many.", Hint(" Raise ", Param("min_flags", "the minimum"), ".")))
'Too many. Raise --min-flags.'
>>> cli_text(Note("No rate:", Hint(" ", Param("measure", "the measure", "count", "use"), ".")))
'No rate: use --measure count.'
"""

from __future__ import annotations

import shlex
from typing import Any

from saferplaces.core.messages import Note, Param, Phrasing, phrase


def flag(name: str) -> str:
    """The flag of a library parameter: ``allow_incomplete`` -> ``--allow-incomplete``."""
    return "--" + name.replace("_", "-")


def _name(p: Param) -> str:
    if p.value is None:
        return flag(p.name)
    # Quoted as a shell needs it, so the command can be pasted (--fund 'CDRP budget').
    said = flag(p.name) if p.value is True else f"{flag(p.name)} {shlex.quote(str(p.value))}"
    return f"{p.verb} {said}" if p.verb else said


def period_arg(spec: str) -> str:
    """A period as a person types it: ``2025``, ``2024/25``, ``2025-03``, else the range."""
    from saferplaces.core.periods import parse_period

    p = parse_period(spec)
    if p.months == 12 and p.start.endswith("-01"):
        return p.start[:4]
    if p.months == 12 and p.start.endswith("-04"):
        return f"{p.start[:4]}/{p.end[2:4]}"
    return p.start if p.months == 1 else p.spec


def _flags_command(
    area: str, period: str, settings: dict[str, Any] | None = None, owner: str = ""
) -> str:
    """The ``flags run`` command that makes a run with ``settings`` (defaults left out)."""
    from saferplaces.places.options import FLAGS

    command = f'saferplaces flags run --area "{area}" --period {period_arg(period)}'
    settings = settings or {}
    if not settings.get("default", True):
        command += f" --indicators {','.join(settings['indicators'])}"
    for name in ("top", "min_flags", "measure"):
        value = settings.get(name)
        if value is not None and value != FLAGS[name].default:
            command += f" {flag(name)} {value:g}" if name == "top" else f" {flag(name)} {value}"
    if owner:
        command += f" --partnership {owner}"
    return command


def _no_flags_run(n: Note) -> str:
    d = n.data
    return (
        f"no place-flags run is held for {d['period_label']} with the chapter's settings; "
        f"make it first: {_flags_command(d['area_name'], d['period'], d, d.get('owner', ''))}"
    )


def _no_default_run(n: Note) -> str:
    d = n.data
    return (
        f"No flags run for {d['area_name']} over {d['period_label']} with the default settings: "
        f"run `{_flags_command(d['area_name'], d['period'])}` to show the area's ward flags."
    )


def _report_no_run(n: Note) -> str:
    d = n.data
    return (
        f"no flags run for {d['area_name']} over {d['period_label']}: run "
        f"`{_flags_command(d['area_name'], d['period'])}` first (a partnership's runs are "
        "its own: give --partnership SLUG to report on them)"
    )


def _encoding(n: Note) -> str:
    if "encoding" in n.data:
        return f"{n} (or pass --encoding {n.data['encoding']})"
    return f"{n}, or name its encoding with --encoding"


def _unplaced(n: Note) -> str:
    return f"{n.parts[0]}: see `saferplaces table crosstab --rows district`."


CLI = Phrasing(
    name=_name,
    mention=lambda p: flag(p.name),
    sentences={
        "places.no-flags-run": _no_flags_run,
        "places.no-default-run": _no_default_run,
        "places.report-no-run": _report_no_run,
        "agency.unplaced": _unplaced,
        "input-file.encoding": _encoding,
    },
)


def cli_text(text: Any) -> str:
    """A note, an error or any text as the command line says it."""
    if isinstance(text, BaseException):
        note = getattr(text, "note", None)
        return phrase(note, CLI) or "" if note is not None else str(text)
    return phrase(text, CLI) or "" if isinstance(text, Note) else str(text)


def cli_tree(value: Any) -> Any:
    """A JSON payload with every note in it worded for the command line."""
    if isinstance(value, Note):
        return cli_text(value)
    if isinstance(value, dict):
        return {k: cli_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [cli_tree(v) for v in value]
    return value
