"""The options of the place analyses, declared once.

``flags run``, ``hotspots``, ``concentration`` and ``funnel`` take their options from
here: the command line builds its options from these declarations, the web form for a
flags run its fields, and the assessment spec its schema (the Places chapter's
``flags:`` and the place elements' options); the library checks values with
:meth:`~saferplaces.core.options.Option.check`. ``docs/places.md`` documents each one
and a test checks the surfaces agree.
"""

from __future__ import annotations

from saferplaces.core.options import Option, Options

INDICATOR = Option(
    "indicator",
    str,
    "all-crime",
    "Indicator id or name, e.g. all-crime, burglary, anti-social-behaviour.",
    "Indicator",
    "indicator",
    surfaces=("cli", "spec"),
)

FLAGS = Options(
    "flags run",
    (
        Option(
            "indicators",
            list,
            None,
            "The indicators the wards are ranked on (default: every police.uk crime type, "
            "ASB, and every other loaded indicator with ward figures).",
            "Indicators to rank the wards on",
            "indicators ranked",
        ),
        Option(
            "top",
            float,
            0.2,
            "Share of wards flagged on each indicator: 0.2 flags the top 20% (every ward tied "
            "at the threshold too).",
            "Share of wards flagged on each indicator",
            "share of wards flagged",
            minimum=0,
            maximum=1,
            exclusive_minimum=True,
            expected="a share between 0 and 1 (e.g. 0.2)",
            step=0.05,
        ),
        Option(
            "min_flags",
            int,
            2,
            "Flags needed to be proposed as emerging.",
            "Flags needed to be proposed as emerging",
            "minimum number of flags",
            minimum=1,
            expected="1 or more",
        ),
        Option(
            "measure",
            str,
            "rate",
            "What is ranked: rate (per 1,000; count where an indicator has no denominator) "
            "or count.",
            "Rank on",
            "measure",
            choices=(
                ("rate", "Rate per 1,000 (count where there is no denominator)"),
                ("count", "Count"),
            ),
        ),
        Option(
            "against",
            str,
            None,
            "Propose categories against this earlier run (default: the latest earlier run "
            "of the district made with the same settings).",
            "Previous run",
            "previous run",
            surfaces=("cli",),
        ),
        Option(
            "allow_incomplete",
            bool,
            False,
            "Rank a period with months missing (noted in the run).",
            "Rank a period with months missing",
            "ranking on the months held",
            surfaces=("cli", "web"),
        ),
    ),
)

HOTSPOTS = Options(
    "hotspots",
    (
        INDICATOR,
        Option(
            "measure",
            str,
            "count",
            "What is tested for each LSOA: count, or rate (per 1,000 residents).",
            "Measure",
            "measure",
            choices=(("count", "Count"), ("rate", "Rate per 1,000 residents")),
            expected="count or rate",
            surfaces=("cli", "spec"),
        ),
    ),
)

CONCENTRATION = Options(
    "concentration",
    (
        INDICATOR,
        Option(
            "by",
            str,
            "location",
            "What a place is: location (police.uk snap points) or lsoa (every LSOA).",
            "Places",
            "kind of place",
            choices=(("location", "police.uk snap points"), ("lsoa", "Every LSOA")),
            surfaces=("cli", "spec"),
        ),
    ),
)

FUNNEL = Options(
    "funnel",
    (
        INDICATOR,
        Option(
            "reference",
            str,
            "district",
            "The rate the wards are compared with: district or force.",
            "Compared with",
            "reference rate",
            choices=(("district", "The district"), ("force", "The police force area")),
            expected="district or force",
            surfaces=("cli", "spec"),
        ),
    ),
)

ANALYSES = (FLAGS, HOTSPOTS, CONCENTRATION, FUNNEL)
