"""The declarative assessment spec (YAML): which chapters, in which order, showing what.

The spec is data, documented field by field in ``docs/assessment.md``; the built-in
``default_district.yaml`` is the district assessment. Every error names the file, the
line and the field, and says what is allowed.

>>> spec = load_spec()
>>> spec.chapters[0].kind
'details'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from saferplaces.assessment.registry import element_kinds, section_kinds
from saferplaces.core.errors import ParameterError, SaferplacesError
from saferplaces.core.options import Option, Options

DEFAULT_SPEC = "default_district.yaml"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TOP_FIELDS: dict[str, type | tuple[type, ...]] = {
    "spec_version": int,
    "title": str,
    "subtitle": str,
    "document": dict,
    "alpha": (float, int),
    "source": str,
    "chapters": list,
}

# The document details box: field -> label as shown (in this order).
DOCUMENT_FIELDS: dict[str, str] = {
    "description": "Description",
    "version": "Version",
    "status": "Status",
    "produced_by": "Produced by",
    "contributions": "Additional contributions",
    "on_behalf_of": "On behalf of",
    "contact": "Contact",
    "usage": "Usage statement",
    "disclaimer": "Disclaimer",
}


class SpecError(SaferplacesError):
    """An assessment spec that cannot be used; names the file, line and field."""


@dataclass
class ElementSpec:
    kind: str
    options: dict[str, Any]
    line: int


@dataclass
class ChapterSpec:
    id: str
    kind: str
    title: str
    options: dict[str, Any]
    line: int
    elements: list[ElementSpec] = field(default_factory=list)
    file: str = ""

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


@dataclass
class Spec:
    title: str
    chapters: list[ChapterSpec]
    file: str
    subtitle: str = ""
    document: dict[str, str] = field(default_factory=dict)
    document_lines: dict[str, int] = field(default_factory=dict)
    alpha: float | None = None
    source: str = ""

    def chapter(self, chapter_id: str) -> ChapterSpec:
        return next(c for c in self.chapters if c.id == chapter_id)


# ---------------------------------------------------------------- YAML with line numbers


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[str(key)] = key_node.start_mark.line + 1
    return out


class _LineList(list):
    """A list that remembers the line of each item (1-based)."""

    lines: list[int]


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    out = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _line_of(seq: Any, i: int, fallback: int) -> int:
    lines = getattr(seq, "lines", None)
    return lines[i] if lines and i < len(lines) else fallback


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        bool: "true or false",
    }
    if isinstance(t, tuple):
        return " or ".join(dict.fromkeys(names.get(x, x.__name__) for x in t))
    return names.get(t, t.__name__)


def spec_type(option: Option) -> type | tuple[type, ...]:
    """The YAML type a spec gives an analysis option (a whole number is a number too)."""
    return (int, float) if option.type is float else option.type


def _check_fields(where: str, mapping: _LineDict, allowed: dict[str, Any], what: str) -> None:
    """Check each field of ``mapping`` against ``allowed``: a type, or an analysis
    :class:`Option` (its type and its allowed values, as the library checks them), or
    :class:`Options` (a mapping of those options offered in a spec)."""
    for key, value in mapping.items():
        line = mapping.lines.get(str(key), mapping.line)
        if key not in allowed:
            raise SpecError(
                f"{where}, line {line}, field {key!r}: not a field of {what}; "
                f"allowed: {', '.join(sorted(allowed))}"
            )
        rule = allowed[key]
        if isinstance(rule, Options):
            if not isinstance(value, _LineDict):
                raise SpecError(f"{where}, line {line}, field {key!r}: should be a mapping")
            fields = {o.name: o for o in rule.on("spec")}
            _check_fields(where, value, fields, f"{key} (the options of {rule.analysis})")
            continue
        expected = spec_type(rule) if isinstance(rule, Option) else rule
        if value is not None and not isinstance(value, expected):
            raise SpecError(
                f"{where}, line {line}, field {key!r}: should be {_type_name(expected)}, "
                f"got {value!r}"
            )
        if isinstance(rule, Option) and value is not None and rule.type is not list:
            try:
                rule.check(value)
            except ParameterError as e:
                raise SpecError(
                    f"{where}, line {line}, field {key!r}: must be {e.expected}, got {value!r}"
                ) from None


# -------------------------------------------------------------------------------- loading

CHAPTER_COMMON: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "kind": str,
    "title": str,
    "in_contents": bool,
}


def _element(where: str, chapter: _LineDict, raw: Any, line: int) -> ElementSpec:
    kinds = element_kinds()
    if isinstance(raw, str):
        name, options, at = raw, {}, line
    elif isinstance(raw, dict) and len(raw) == 1:
        name, options = next(iter(raw.items()))
        at = raw.line if isinstance(raw, _LineDict) else line
        if isinstance(options, str):  # "- trend: asb" is short for {indicator: asb}
            options = {"indicator": options}
        elif options is None:
            options = {}
        elif not isinstance(options, dict):
            raise SpecError(f"{where}, line {at}: options of {name!r} should be a mapping")
    else:
        raise SpecError(
            f"{where}, line {line}: an element is a name (e.g. summary-table) or one "
            f"name with options (e.g. trend: {{indicator: asb}}), got {raw!r}"
        )
    if name not in kinds:
        raise SpecError(
            f"{where}, line {at}: unknown element {name!r}; known: {', '.join(sorted(kinds))}"
        )
    if isinstance(options, _LineDict):
        _check_fields(where, options, kinds[name].fields, f"element {name!r}")
    return ElementSpec(name, dict(options), at)


def parse_spec(text: str, where: str) -> Spec:
    """Parse and check a spec; ``where`` names it in errors."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise SpecError(f"{where}{line}: not valid YAML ({problem})") from None
    if not isinstance(data, _LineDict):
        raise SpecError(f"{where}: a spec is a YAML mapping with title and chapters")
    _check_fields(where, data, TOP_FIELDS, "the spec")
    for required in ("title", "chapters"):
        if required not in data:
            raise SpecError(f"{where}: the spec has no {required!r}")
    document = data.get("document") or _LineDict()
    if isinstance(document, _LineDict):
        _check_fields(where, document, {k: str for k in DOCUMENT_FIELDS}, "document")
    kinds = section_kinds()
    chapters: list[ChapterSpec] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["chapters"]):
        line = _line_of(data["chapters"], i, data.lines.get("chapters", data.line))
        if not isinstance(raw, _LineDict):
            raise SpecError(f"{where}, line {line}: a chapter is a mapping with id and kind")
        line = raw.line
        for required in ("id", "kind"):
            if required not in raw:
                raise SpecError(f"{where}, line {line}: the chapter has no {required!r}")
        kind = raw["kind"]
        if kind not in kinds:
            raise SpecError(
                f"{where}, line {raw.lines['kind']}, field 'kind': unknown section kind "
                f"{kind!r}; known: {', '.join(sorted(kinds))}"
            )
        _check_fields(where, raw, {**CHAPTER_COMMON, **kinds[kind].fields}, f"a {kind} chapter")
        cid = str(raw["id"])
        if not ID.match(cid):
            raise SpecError(
                f"{where}, line {raw.lines['id']}, field 'id': {cid!r} should be lower-case "
                "letters, digits and hyphens"
            )
        if cid in seen:
            raise SpecError(
                f"{where}, line {raw.lines['id']}, field 'id': {cid!r} is used twice "
                f"(first on line {seen[cid]})"
            )
        seen[cid] = raw.lines["id"]
        options = {k: v for k, v in raw.items() if k not in ("id", "kind", "title")}
        issues = raw.get("issues") or []
        elements = [
            _element(where, raw, e, _line_of(issues, j, raw.lines.get("issues", line)))
            for j, e in enumerate(issues)
        ]
        chapters.append(
            ChapterSpec(
                id=cid,
                kind=kind,
                title=str(raw.get("title") or cid.replace("-", " ").capitalize()),
                options=options,
                line=line,
                elements=elements,
                file=where,
            )
        )
    alpha = data.get("alpha")
    if alpha is not None and not 0 < float(alpha) < 1:
        raise SpecError(
            f"{where}, line {data.lines['alpha']}, field 'alpha': must be between 0 and 1"
        )
    return Spec(
        title=str(data["title"]),
        subtitle=str(data.get("subtitle") or ""),
        chapters=chapters,
        file=where,
        document={k: str(v) for k, v in document.items()},
        document_lines=dict(getattr(document, "lines", {})),
        alpha=None if alpha is None else float(alpha),
        source=str(data.get("source") or ""),
    )


def load_spec(path: Path | None = None) -> Spec:
    """The spec in ``path``, or the built-in district spec."""
    if path is None:
        text = resources.files("saferplaces.assessment").joinpath(DEFAULT_SPEC).read_text("utf-8")
        return parse_spec(text, f"built-in {DEFAULT_SPEC}")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}: the spec file does not exist") from None
    except UnicodeDecodeError as e:
        raise SpecError(f"{path}: not UTF-8 text ({e.reason})") from None
    return parse_spec(text, str(path))


def default_spec_text() -> str:
    """The built-in district spec, to copy and edit."""
    return resources.files("saferplaces.assessment").joinpath(DEFAULT_SPEC).read_text("utf-8")
