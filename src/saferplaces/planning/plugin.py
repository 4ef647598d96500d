"""The planning capability as a plugin: the assessment's "what residents told us"
chapter, given to the extension points as any capability's section kinds are."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.planning import sections


@hookimpl
def saferplaces_section_kinds():
    return list(sections.KINDS)
