"""The agency sources as a plugin: every built-in dataset spec's source, indicators,
coverage, label, districts-table rows, quality section and reference file, given to the
extension points (:mod:`saferplaces.extensions.hookspecs`) as a third party's would be.

A user's own spec file is a source too (``saferplaces ingest my-spec.toml FILE``), and
the sources declared by specs stored in a warehouse register when it is opened.
"""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.geography.reference import ReferenceFile
from saferplaces.sources.agency.coverage import source_coverage
from saferplaces.sources.agency.indicators import (
    register_stored_specs,
    spec_credit,
    spec_indicators,
    unplaced_counts,
)
from saferplaces.sources.agency.quality import agency_quality_section
from saferplaces.sources.agency.registration import builtin_sources, spec_file_source
from saferplaces.sources.agency.spec import BUILTIN_ORDER
from saferplaces.sources.agency.spec_reader import builtin_spec

# Read by the agency loader to place records given only a postcode district.
POSTCODE_DISTRICTS = ReferenceFile(
    "postcode-districts",
    "geography/postcode_district*_lad*.csv*",
    "ref_postcode_district",
    {"postcode_district": "postcode_district", "lad_code": "lad_code"},
    "postcode district (outward code) to local authority district best-fit lookup",
    required=False,
)


@hookimpl
def saferplaces_sources():
    return builtin_sources()


@hookimpl
def saferplaces_source_files():
    return {".toml": spec_file_source}


@hookimpl
def saferplaces_indicators():
    return [i for name in BUILTIN_ORDER for i in spec_indicators(builtin_spec(name))]


@hookimpl
def saferplaces_coverage():
    return {name: source_coverage(name) for name in BUILTIN_ORDER}


@hookimpl
def saferplaces_source_labels():
    return {name: builtin_spec(name).title for name in BUILTIN_ORDER}


@hookimpl
def saferplaces_source_credits():
    return {name: spec_credit(builtin_spec(name)) for name in BUILTIN_ORDER}


@hookimpl
def saferplaces_unplaced_counts():
    return dict.fromkeys(BUILTIN_ORDER, unplaced_counts)


@hookimpl
def saferplaces_quality_sections():
    return [agency_quality_section]


@hookimpl
def saferplaces_reference_files():
    return [POSTCODE_DISTRICTS]


@hookimpl
def saferplaces_warehouse_opened(wh):
    register_stored_specs(wh)
