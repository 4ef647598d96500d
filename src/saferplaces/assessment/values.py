"""The values narrative can quote: ``{{ asb.count }}``, ``{{ area.name }}`` ...

Names are ``subject.field``. Subjects:

* ``area``: ``name``, ``code``, ``level``; ``force``: ``name``;
* ``period`` and ``baseline``: ``label`` (months named), ``short``, ``start``, ``end``,
  ``months``;
* ``document``: ``edition``, ``date``, ``alpha``;
* ``table.<id>`` and ``figure.<id>``: the number, e.g. ``Table 4``;
* any registered indicator by id or alias (``asb``, ``burglary``, ``all-crime``,
  ``violence``): ``name``, ``count``, ``baseline_count``, ``change`` (signed),
  ``change_pct`` (signed, or "numbers too small" on a baseline under 10), ``rate`` and
  ``baseline_rate`` (per 1,000), ``per`` (residents or households), ``classification``
  (e.g. "a significant increase"), ``direction`` (up, down, unchanged), ``p_value``,
  ``top_ward`` and ``top_ward_count`` (the ward with the most).

Counts go through the document's disclosure rules, so a public edition never quotes a
small count of a sensitive measure below district level (``<5``), nor anything
calculated from one: change, change %, rate, classification, direction and p-value
then read ``[c]``.
"""

from __future__ import annotations

from collections.abc import Callable

from saferplaces.assessment.context import BuildContext
from saferplaces.assessment.formatting import classification_phrase, short_period_label
from saferplaces.assessment.narrative import UnknownValue, substitute
from saferplaces.core.periods import Period
from saferplaces.disclosure import HIDDEN, SMALL
from saferplaces.document.formatting import fmt
from saferplaces.document.model import Document

INDICATOR_FIELDS = (
    "name",
    "count",
    "baseline_count",
    "change",
    "change_pct",
    "rate",
    "baseline_rate",
    "per",
    "classification",
    "direction",
    "p_value",
    "top_ward",
    "top_ward_count",
)


def _choose(field: str, options: dict[str, Callable[[], str]], subject: str) -> str:
    if field not in options:
        raise UnknownValue(f"{subject} has no {field!r}; use one of {', '.join(options)}")
    return options[field]()


class Values:
    """Resolves value names for one document being built."""

    def __init__(self, ctx: BuildContext, doc: Document) -> None:
        self.ctx = ctx
        self.doc = doc

    def _period(self, p: Period, field: str, subject: str) -> str:
        return _choose(
            field,
            {
                "label": lambda: p.label,
                "short": lambda: short_period_label(p),
                "start": lambda: p.start,
                "end": lambda: p.end,
                "months": lambda: str(p.months),
            },
            subject,
        )

    def __call__(self, name: str) -> str:
        subject, _, rest = name.partition(".")
        ctx = self.ctx
        if subject == "area":
            a = ctx.area
            return _choose(
                rest,
                {"name": lambda: a.name, "code": lambda: a.code, "level": lambda: a.level},
                "area",
            )
        if subject == "force":
            if ctx.force is None:
                raise UnknownValue("the area is not within one police force area")
            return _choose(rest, {"name": lambda: ctx.force.name}, "force")
        if subject == "period":
            return self._period(ctx.period, rest, "period")
        if subject == "baseline":
            return self._period(ctx.baseline, rest, "baseline")
        if subject == "document":
            return _choose(
                rest,
                {
                    "edition": lambda: ctx.disclosure.edition.value,
                    "date": lambda: ctx.created.strftime("%-d %B %Y"),
                    "alpha": lambda: f"{ctx.alpha:g}",
                },
                "document",
            )
        if subject in ("table", "figure"):
            items = self.doc.tables() if subject == "table" else self.doc.figures()
            for item in items:
                if item.id == rest:
                    return item.label
            known = ", ".join(i.id for i in items) or "none"
            raise UnknownValue(f"no {subject} has the id {rest!r}; {subject} ids: {known}")
        return self._indicator(subject, rest)

    def _indicator(self, subject: str, field: str) -> str:
        ctx = self.ctx
        ind = ctx.indicator(subject)
        if ind is None:
            raise UnknownValue(
                f"{subject!r} is not a value subject or a registered indicator "
                "(subjects: area, force, period, baseline, document, table, figure, or an "
                "indicator id such as asb or burglary)"
            )
        if field not in INDICATOR_FIELDS:
            raise UnknownValue(
                f"indicator has no {field!r}; use one of {', '.join(INDICATOR_FIELDS)}"
            )
        if field == "name":
            return ind.name
        if not ctx.has_data(ind):
            raise UnknownValue(f"no {ind.name} data is held, so it cannot be quoted")
        row = ctx.row(ind)
        level = ctx.area.level

        def count(n: int) -> str:
            return ctx.disclosure.count_text(n, sensitive=ind.sensitive, level=level)

        # Whatever is calculated from a count the edition hides is hidden too: a change
        # of +2 beside "<5" would give the count away.
        guarded = ctx.disclosure.applies(sensitive=ind.sensitive, level=level)
        now_small = guarded and ctx.disclosure.is_small(row.count)
        then_small = guarded and ctx.disclosure.is_small(row.baseline_count)
        if (now_small or then_small) and field in (
            "change",
            "change_pct",
            "classification",
            "direction",
            "p_value",
        ):
            return HIDDEN
        if (now_small and field == "rate") or (then_small and field == "baseline_rate"):
            return HIDDEN

        if field == "count":
            return count(row.count)
        if field == "baseline_count":
            return count(row.baseline_count)
        if field == "change":
            return fmt(row.change, "signed")
        if field == "change_pct":
            return "numbers too small" if row.change_pct is None else fmt(row.change_pct, "pct")
        if field == "rate":
            return fmt(row.rate_per_1000, "rate")
        if field == "baseline_rate":
            return fmt(row.baseline_rate_per_1000, "rate")
        if field == "per":
            return row.denominator_kind or "count"
        if field == "classification":
            return classification_phrase(row.classification)
        if field == "direction":
            return "up" if row.change > 0 else ("down" if row.change < 0 else "unchanged")
        if field == "p_value":
            return fmt(row.p_value, "p")
        wards = sorted(ctx.wards(ind).rows, key=lambda r: (-r.count, r.name))
        if (
            wards
            and ctx.disclosure.applies(sensitive=ind.sensitive, level="ward")
            and ctx.disclosure.is_small(wards[0].count)
        ):
            # Naming the ward with the most, when the most is under 5, says something
            # about every hidden count of the ward table.
            return HIDDEN if field == "top_ward" else SMALL
        if field == "top_ward":
            return wards[0].name if wards else "–"
        return ctx.disclosure.count_text(wards[0].count, sensitive=ind.sensitive, level="ward")


def resolve_plain(ctx: BuildContext, text: str, origin: str, line: int) -> str:
    """Substitute values in a spec string (title, document details); tables and figures
    are not numbered yet, so they cannot be quoted there."""
    return substitute(text, Values(ctx, Document(title="", area="")), origin, line)
