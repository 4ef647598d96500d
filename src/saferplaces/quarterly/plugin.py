"""The quarter's reports as a plugin: the domestic abuse quarterly performance report
as a document kind."""

from __future__ import annotations

from saferplaces import hookimpl
from saferplaces.document.kinds import DocumentKind


@hookimpl
def saferplaces_document_kinds():
    return [
        DocumentKind(
            "domestic-abuse-report",
            "Domestic abuse quarterly performance report",
            "saferplaces.quarterly.da_document:build_document",
            help="IDVA referrals by district and service strand for each quarter of the "
            "financial year, engagement and repeat rates, MARAC cases and police domestic "
            "abuse figures, against the same quarter last year.",
            where="saferplaces report domestic-abuse",
        )
    ]
