"""Reading a dataset spec's TOML into a :class:`~saferplaces.sources.agency.spec.Spec`,
checking every key, with one line naming the spec file and the key when it is wrong.

A spec with its own fields (a built-in source, or a user's new source) is read by
:func:`full_spec`; a user's spec for a built-in source is laid over it by
:func:`overlay`, which may only map columns, words and formats (and add location
fields); :mod:`~saferplaces.sources.agency.spec_checks` checks the fields, measures and
indicators fit together.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from saferplaces.core.errors import SaferplacesError
from saferplaces.sources.agency.spec import (
    BUILTIN_ORDER,
    DENOMINATORS,
    FIELD_KEYS,
    FIELD_TYPES,
    FILE_KEYS,
    FORMATS,
    INDICATOR_KEYS,
    KINDS,
    LOCATION_TYPES,
    MAPPING_KEYS,
    RATIO_KEYS,
    RESERVED_SOURCES,
    SOURCE_KEYS,
    Field,
    FileFormat,
    IndicatorDef,
    RatioDef,
    Spec,
    SpecError,
    is_builtin,
    value_key,
)
from saferplaces.sources.agency.spec_checks import check_builtin_ids, validate

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_INDICATOR_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def load_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SpecError(where, f"is not valid TOML ({e})") from None
    except RecursionError:
        raise SpecError(
            where, "is not a dataset spec: its tables or lists are nested too deeply to read"
        ) from None


def _check_keys(where: str, table: str, got: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(got) - allowed)
    if unknown:
        raise SpecError(
            where,
            f"[{table}] has unknown key(s) {', '.join(unknown)}; allowed: "
            + ", ".join(sorted(allowed)),
        )


def _str(where: str, table: str, key: str, v: Any) -> str:
    if not isinstance(v, str):
        raise SpecError(where, f"[{table}] {key} must be text (got {v!r})")
    return v


def _bool(where: str, table: str, key: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise SpecError(where, f"[{table}] {key} must be true or false (got {v!r})")
    return v


def _opt_str(where: str, table: str, key: str, v: Any) -> str | None:
    return None if v is None else _str(where, table, key, v)


def _number(where: str, table: str, key: str, v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise SpecError(where, f"[{table}] {key} must be a number (got {v!r})")
    if not math.isfinite(v):
        raise SpecError(where, f"[{table}] {key} must be a finite number (got {v!r})")
    return v


def _choice(where: str, table: str, key: str, v: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(v, str) or v not in allowed:
        raise SpecError(where, f"[{table}] {key} must be {' or '.join(allowed)} (got {v!r})")
    return v


def _table(where: str, name: str, v: Any) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise SpecError(where, f"[{name}] must be a table of keys")
    return v


def _entries(where: str, name: str, v: Any) -> list[Any]:
    if v is None:
        return []
    if not isinstance(v, list):
        raise SpecError(where, f"[[{name}]] must be a list of tables ([[{name}]] entries)")
    return v


TOP_LEVEL = frozenset({"source", "file", "fields", "indicators", "ratios", "example"})


def _check_top_level(where: str, doc: dict[str, Any]) -> None:
    unknown = sorted(set(doc) - TOP_LEVEL)
    if unknown:
        raise SpecError(
            where,
            f"has unknown table(s) {', '.join(unknown)}; a spec holds: "
            + ", ".join(sorted(TOP_LEVEL)),
        )


def _int(where: str, table: str, key: str, v: Any, low: int, high: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
        raise SpecError(
            where, f"[{table}] {key} must be a whole number {low} to {high} (got {v!r})"
        )
    return v


def _columns(where: str, table: str, raw: dict[str, Any], default: tuple[str, ...]) -> tuple:
    if "column" in raw and "columns" in raw:
        raise SpecError(where, f"[{table}] give column or columns, not both")
    if "column" in raw:
        return (_str(where, table, "column", raw["column"]).strip(),)
    if "columns" in raw:
        cols = raw["columns"]
        if not isinstance(cols, list) or not cols or not all(isinstance(c, str) for c in cols):
            raise SpecError(where, f"[{table}] columns must be a list of header names")
        return tuple(c.strip() for c in cols)
    return default


def _value_map(where: str, table: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise SpecError(where, f"[{table}.values] must map the file's values to canonical ones")
    out = {}
    for k, v in raw.items():
        if not isinstance(v, str | bool):
            raise SpecError(where, f"[{table}.values] {k!r} must map to text (got {v!r})")
        out[value_key(str(k))] = v if isinstance(v, str) else ("yes" if v else "no")
    return out


def _field(where: str, name: str, raw: Any) -> Field:
    table = f"fields.{name}"
    if not isinstance(raw, dict):
        raise SpecError(where, f"[{table}] must be a table of keys")
    if not _NAME.match(name):
        raise SpecError(
            where, f"field name {name!r} must be lower case letters, digits and underscores"
        )
    _check_keys(where, table, raw, FIELD_KEYS)
    ftype = raw.get("type", "text")
    if not isinstance(ftype, str) or ftype not in FIELD_TYPES:
        raise SpecError(where, f"[{table}] type {ftype!r} is not one of: {', '.join(FIELD_TYPES)}")
    allowed = raw.get("allowed", [])
    if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
        raise SpecError(where, f"[{table}] allowed must be a list of values")
    if ftype == "category" and not allowed:
        raise SpecError(where, f"[{table}] a category needs its allowed values (allowed = [...])")
    formats = _formats(where, table, raw.get("formats", []))
    of = raw.get("of", "incident")
    if not isinstance(of, str) or of not in ("incident", "residence"):
        raise SpecError(where, f"[{table}] of must be 'incident' or 'residence' (got {of!r})")
    measure = _bool(where, table, "measure", raw.get("measure", False))
    if measure and ftype not in ("integer", "number"):
        raise SpecError(where, f"[{table}] a measure must be an integer or number field")
    f = Field(
        name=name,
        type=ftype,
        columns=_columns(where, table, raw, (name,)),
        required=_bool(where, table, "required", raw.get("required", False)),
        allowed=tuple(a.strip() for a in allowed),
        values=_value_map(where, table, raw.get("values", {})),
        formats=formats,
        blank=_opt_str(where, table, "blank", raw.get("blank")),
        of=of,
        measure=measure,
        additive=_bool(where, table, "additive", raw.get("additive", True)),
        minimum=_number(where, table, "minimum", raw.get("minimum")),
        maximum=_number(where, table, "maximum", raw.get("maximum")),
        at_most=_opt_str(where, table, "at_most", raw.get("at_most")),
        year_start=_int(where, table, "year_start", raw.get("year_start", 4), 1, 12),
        label=_str(where, table, "label", raw.get("label", "")),
        description=_str(where, table, "description", raw.get("description", "")),
    )
    _check_field(where, f)
    return f


def _formats(where: str, table: str, formats: Any) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(x, str) for x in formats):
        raise SpecError(where, f"[{table}] formats must be a list of date formats")
    return tuple(formats)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        return False
    return True


def _check_field(where: str, f: Field) -> None:
    table = f"fields.{f.name}"
    for fmt in f.formats:
        if "%" not in fmt:
            raise SpecError(
                where,
                f"[{table}] format {fmt!r} is not a date format; write it like %d/%m/%Y",
            )
    if f.type == "category":
        allowed = {a.casefold() for a in f.allowed}
        for raw, canonical in f.values.items():
            if canonical.casefold() not in allowed:
                raise SpecError(
                    where,
                    f"[{table}.values] {raw!r} maps to {canonical!r}, which is not an allowed "
                    f"value ({', '.join(f.allowed)})",
                )
        if f.blank is not None and f.blank.casefold() not in allowed:
            raise SpecError(where, f"[{table}] blank = {f.blank!r} is not an allowed value")
    if f.type == "flag":
        for raw, canonical in f.values.items():
            if canonical.casefold() not in ("yes", "no"):
                raise SpecError(
                    where, f"[{table}.values] {raw!r} must map to yes or no (got {canonical!r})"
                )
    if f.type in ("integer", "number"):
        for raw, canonical in f.values.items():
            if canonical.strip() and not _is_number(canonical):
                raise SpecError(
                    where,
                    f'[{table}.values] {raw!r} must map to a number, or to "" for no value '
                    f"(got {canonical!r})",
                )
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        raise SpecError(where, f"[{table}] minimum is more than maximum")


def source_table(where: str, doc: dict[str, Any]) -> dict[str, Any]:
    _check_top_level(where, doc)
    src = doc.get("source")
    if not isinstance(src, dict):
        raise SpecError(where, "has no [source] table (it needs at least: name = ...)")
    _check_keys(where, "source", src, SOURCE_KEYS)
    name = src.get("name")
    if not isinstance(name, str) or not _SOURCE_NAME.match(name):
        raise SpecError(
            where,
            '[source] name must be lower case letters, digits and hyphens, e.g. name = "fire"',
        )
    return src


def _file_format(where: str, raw: Any, base: FileFormat) -> FileFormat:
    if raw is None:
        return base
    if not isinstance(raw, dict):
        raise SpecError(where, "[file] must be a table of keys")
    _check_keys(where, "file", raw, FILE_KEYS)
    fmt = raw.get("format", base.format)
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise SpecError(where, f"[file] format must be csv or xlsx (got {fmt!r})")
    encoding = _str(where, "file", "encoding", raw.get("encoding", base.encoding))
    try:
        "".encode(encoding)
    except LookupError:
        raise SpecError(
            where, f"[file] encoding {encoding!r} is not known; e.g. utf-8 or windows-1252"
        ) from None
    delimiter = _str(where, "file", "delimiter", raw.get("delimiter", base.delimiter))
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    if len(delimiter) != 1:
        raise SpecError(where, f"[file] delimiter must be one character (got {delimiter!r})")
    sheet = raw.get("sheet", base.sheet)
    if sheet is not None:
        sheet = _str(where, "file", "sheet", sheet)
    header_row = _int(where, "file", "header_row", raw.get("header_row", base.header_row), 1, 1000)
    return FileFormat(fmt, encoding, delimiter, sheet, header_row)


def _indicator(where: str, i: int, raw: Any, group: str | None) -> IndicatorDef:
    table = f"indicators {i + 1}"
    if not isinstance(raw, dict):
        raise SpecError(where, f"[[indicators]] entry {i + 1} must be a table")
    _check_keys(where, table, raw, INDICATOR_KEYS)
    ident = raw.get("id")
    if not isinstance(ident, str) or not _INDICATOR_ID.match(ident):
        raise SpecError(where, f"[{table}] id must be lower case words joined by hyphens")
    where_ = raw.get("where", {})
    if not isinstance(where_, dict):
        raise SpecError(where, f"[{table}] where must be a table, e.g. where = {{ cause = ... }}")
    den = raw.get("denominator", "residents")
    if not isinstance(den, str) or den not in DENOMINATORS:
        raise SpecError(
            where, f"[{table}] denominator must be {', '.join(DENOMINATORS[:-1])} or none"
        )
    return IndicatorDef(
        id=ident,
        name=_str(where, table, "name", raw.get("name", ident)),
        where=where_,
        measure=_opt_str(where, table, "measure", raw.get("measure")),
        geography=_str(where, table, "geography", raw.get("geography", "incident")),
        denominator=None if den == "none" else den,
        sensitive=_bool(where, table, "sensitive", raw.get("sensitive", False)),
        unit=_str(where, table, "unit", raw.get("unit", "incidents")),
        group=_opt_str(where, table, "group", raw.get("group", group)),
        description=_str(where, table, "description", raw.get("description", "")),
    )


def _ratio(where: str, i: int, raw: Any) -> RatioDef:
    table = f"ratios {i + 1}"
    if not isinstance(raw, dict):
        raise SpecError(where, f"[[ratios]] entry {i + 1} must be a table")
    _check_keys(where, table, raw, RATIO_KEYS)
    for key in ("id", "numerator", "denominator"):
        if not isinstance(raw.get(key), str):
            raise SpecError(where, f"[{table}] needs {key}")
    indicator = _opt_str(where, table, "indicator", raw.get("indicator"))
    if indicator is not None and not _INDICATOR_ID.match(indicator):
        raise SpecError(where, f"[{table}] indicator must be lower case words joined by hyphens")
    return RatioDef(
        raw["id"],
        _str(where, table, "name", raw.get("name", raw["id"])),
        raw["numerator"],
        raw["denominator"],
        _str(where, table, "description", raw.get("description", "")),
        indicator,
    )


def _example(where: str, raw: Any, width: int) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return ()
    rows = raw.get("rows") if isinstance(raw, dict) else None
    if not isinstance(rows, list):
        raise SpecError(where, "[example] needs rows = [[...], ...]")
    out = []
    for r in rows:
        if not isinstance(r, list) or len(r) != width:
            raise SpecError(where, f"[example] every row needs {width} values, one per field")
        out.append(tuple(str(v) for v in r))
    return tuple(out)


def _common(where: str, src: dict[str, Any], base: Spec | None) -> dict[str, Any]:
    """[source] keys any spec may set."""
    out: dict[str, Any] = {}
    if "provider" in src:
        out["provider"] = _str(where, "source", "provider", src["provider"]).strip() or None
    if "expected_lag_days" in src:
        out["expected_lag_days"] = _int(
            where, "source", "expected_lag_days", src["expected_lag_days"], 0, 3660
        )
    if "description" in src:
        out["description"] = _str(where, "source", "description", src["description"])
    if "outside_area" in src:
        if src["outside_area"] not in ("keep", "quarantine"):
            raise SpecError(where, "[source] outside_area must be keep or quarantine")
        out["outside_area"] = src["outside_area"]
    if "agency" in src:
        out["agency"] = _str(where, "source", "agency", src["agency"])
    return out


def full_spec(where: str, text: str, doc: dict[str, Any], builtin: bool) -> Spec:
    """A spec that declares its own fields: a built-in source, or a user's new source."""
    src = source_table(where, doc)
    if not builtin and src["name"] in RESERVED_SOURCES:
        raise SpecError(
            where,
            f"[source] name {src['name']!r} is {RESERVED_SOURCES[src['name']]}; give your "
            "source a name of its own",
        )
    kind = src.get("kind", "incidents")
    if not isinstance(kind, str) or kind not in KINDS:
        raise SpecError(where, f"[source] kind must be one of {', '.join(KINDS)} (got {kind!r})")
    raw_fields = doc.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise SpecError(where, "declares no [fields.NAME] tables")
    fields = tuple(_field(where, n, f) for n, f in raw_fields.items())
    title = _str(where, "source", "title", src.get("title", src["name"]))
    group = _str(where, "source", "group", src.get("group", title))
    resolution = src.get("resolution")
    if resolution is not None:
        _choice(where, "source", "resolution", resolution, ("lsoa", "district"))
    indicators = tuple(
        _indicator(where, i, r, group)
        for i, r in enumerate(_entries(where, "indicators", doc.get("indicators")))
    )
    spec = Spec(
        name=src["name"],
        title=title,
        kind=kind,
        fields=fields,
        file=_file_format(where, doc.get("file"), FileFormat()),
        date_field=_opt_str(where, "source", "date_field", src.get("date_field")),
        group=group,
        resolution=resolution,
        indicators=indicators,
        sensitive=_bool(
            where,
            "source",
            "sensitive",
            src.get("sensitive", any(i.sensitive for i in indicators)),
        ),
        ratios=tuple(
            _ratio(where, i, r) for i, r in enumerate(_entries(where, "ratios", doc.get("ratios")))
        ),
        example=_example(where, doc.get("example"), len(fields)),
        builtin=builtin,
        origin="built-in" if builtin else where,
        texts=(text,),
        **_common(where, src, None),
    )
    validate(spec, where)
    if not builtin:
        check_builtin_ids(where, spec)
    return spec


def overlay(where: str, text: str, doc: dict[str, Any], base: Spec) -> Spec:
    """A user's spec for a built-in source: columns, formats and value words only."""
    src = source_table(where, doc)
    for key in ("kind", "date_field", "resolution", "group", "title", "sensitive"):
        if key in src:
            raise SpecError(
                where,
                f"[source] {key} is fixed by the built-in source {base.name!r}; "
                "leave it out (a spec for a built-in source maps columns and values only)",
            )
    for key in ("indicators", "ratios", "example"):
        if key in doc:
            raise SpecError(
                where, f"[{key}] belongs to the built-in source {base.name!r}; leave it out"
            )
    raw_fields = doc.get("fields", {})
    if not isinstance(raw_fields, dict):
        raise SpecError(where, "[fields] must hold [fields.NAME] tables")
    known = {f.name: f for f in base.fields}
    # Any incident source can be placed in any of the supported ways, so a spec may add
    # location fields its built-in source does not list (e.g. easting and northing).
    added = []
    for n, raw in raw_fields.items():
        if n in known:
            continue
        if not (isinstance(raw, dict) and isinstance(raw.get("type"), str)) or (
            raw["type"] not in LOCATION_TYPES
        ):
            raise SpecError(
                where,
                f"{base.name} has no field {n!r}; its fields are: {', '.join(known)} (a spec "
                "may add location fields: give type = latitude, longitude, easting, northing, "
                "lsoa, ward, district or postcode_district)",
            )
        if base.kind != "incidents" or raw.get("of", "incident") != "incident":
            raise SpecError(where, f"[fields.{n}] only incident data can add location fields")
        added.append(_field(where, n, raw))
    fields = []
    for f in base.fields:
        raw = raw_fields.get(f.name)
        if raw is None:
            fields.append(f)
            continue
        table = f"fields.{f.name}"
        if not isinstance(raw, dict):
            raise SpecError(where, f"[{table}] must be a table of keys")
        fixed = sorted(set(raw) - MAPPING_KEYS)
        if fixed:
            raise SpecError(
                where,
                f"[{table}] can only set {', '.join(sorted(MAPPING_KEYS))} for a built-in "
                f"source ({', '.join(fixed)} are fixed by {base.name!r})",
            )
        merged = replace(
            f,
            columns=_columns(where, table, raw, f.columns),
            formats=_formats(where, table, raw.get("formats", list(f.formats))),
            values={**f.values, **_value_map(where, table, raw.get("values", {}))},
            blank=_opt_str(where, table, "blank", raw.get("blank", f.blank)),
            year_start=_int(where, table, "year_start", raw.get("year_start", f.year_start), 1, 12),
        )
        _check_field(where, merged)
        fields.append(merged)
    merged_spec = replace(
        base,
        fields=(*fields, *added),
        file=_file_format(where, doc.get("file"), base.file),
        builtin=False,
        origin=where,
        texts=(*base.texts, text),
        **_common(where, src, base),
    )
    validate(merged_spec, where)
    return merged_spec


# Reading the built-in specs, a user's spec file, or the TOML stored with a load.

_CACHE: dict[str, Spec] = {}


def builtin_text(name: str) -> str:
    folder = resources.files("saferplaces.sources.builtin")
    path = folder.joinpath(f"{name}.toml")
    if name not in BUILTIN_ORDER or not path.is_file():
        raise SaferplacesError(
            f"unknown source {name!r}; the built-in sources are: {', '.join(BUILTIN_ORDER)}"
        )
    return path.read_text(encoding="utf-8")


def builtin_spec(name: str) -> Spec:
    """The spec of a built-in source (its canonical layout)."""
    if name not in _CACHE:
        text = builtin_text(name)
        where = f"built-in spec {name}.toml"
        spec = full_spec(where, text, load_toml(text, where), builtin=True)
        if spec.name != name:
            raise SpecError(where, f"names itself {spec.name!r}")
        _CACHE[name] = spec
    return _CACHE[name]


def parse_spec(text: str, where: str = "spec") -> Spec:
    """A spec from TOML text: laid over its built-in source, or a source of its own."""
    doc = load_toml(text, where)
    src = source_table(where, doc)
    if is_builtin(src["name"]):
        return overlay(where, text, doc, builtin_spec(src["name"]))
    return full_spec(where, text, doc, builtin=False)


def load_spec(path: str | Path, source: str | None = None) -> Spec:
    """Read a spec file; with ``source``, the spec must be for that source."""
    p = Path(path)
    if not p.is_file():
        raise SaferplacesError(f"{p}: no such spec file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(str(p), "is not UTF-8 text") from None
    spec = parse_spec(text, str(p))
    if source and spec.name != source:
        raise SpecError(
            str(p),
            f"is a spec for {spec.name!r}, not {source!r} (its [source] name says which "
            "source it loads into)",
        )
    return spec


def spec_from_texts(texts: tuple[str, ...] | list[str], where: str = "stored spec") -> Spec:
    """Rebuild a spec from the TOML it was made of (as stored with each load)."""
    return parse_spec(texts[-1], where)
