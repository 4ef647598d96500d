"""What the plan record needs from the evidence warehouse: the county of a two-tier area
and whether residents' views are held."""

from __future__ import annotations

from saferplaces.web.evidence.warehouse import EvidenceUnavailable, open_evidence


def county_of(p) -> str:
    """The county council whose area holds the partnership's district ("" if none, or
    if the warehouse cannot be read)."""
    from saferplaces.planning.queries import county_of as county

    try:
        with open_evidence(p) as (wh, area):
            return county(wh, area)
    except EvidenceUnavailable:
        return ""


def consultation_held(p) -> bool:
    from saferplaces.planning.residents import held

    try:
        with open_evidence(p) as (wh, area):
            return held(wh, area)
    except EvidenceUnavailable:
        return False
