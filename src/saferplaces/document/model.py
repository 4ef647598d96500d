"""The document model: a tree of sections holding narrative, tables and figures.

Builders fill the tree; renderers (:mod:`saferplaces.render`) walk it and compute
nothing. Every number a renderer shows is already a string in a :class:`Cell` (or a
plotted value in a chart spec), with disclosure control already applied, so the HTML,
PDF, Word and spreadsheet editions cannot disagree.

Tables and figures are numbered in reading order by :meth:`Document.number`.

>>> doc = Document(title="T", area="A", sections=[
...     Section("a", "A", blocks=[Table("t1", "One", [Column("x", "X")], [])]),
...     Section("b", "B", blocks=[Table("t2", "Two", [Column("x", "X")], [])])])
>>> doc.number(); [t.number for t in doc.tables()]
[1, 2]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

# ---------------------------------------------------------------------------- narrative


@dataclass
class Run:
    """A stretch of text with one set of styles."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    code: bool = False
    break_after: bool = False  # a line break after this run (text typed on several lines)


@dataclass
class Paragraph:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class ListBlock:
    items: list[list[Run]]
    ordered: bool = False


@dataclass
class Subheading:
    """A heading written inside narrative (``### ...``), one level below its section."""

    text: str
    depth: int = 1  # 1 = directly below the section heading


NarrativeBlock = Paragraph | ListBlock | Subheading


@dataclass
class Narrative:
    """Prose: from the analyst's Markdown, the built-in defaults, or drafted from data.

    ``origin`` names where it came from (a file, ``default``, ``drafted``) so readers and
    tests can tell; ``draft`` marks text an analyst is expected to replace."""

    blocks: list[NarrativeBlock]
    origin: str = ""
    draft: bool = False


@dataclass
class Callout:
    """A boxed note: a draft marker, a warning about the data, the disclosure key."""

    title: str
    body: Narrative
    kind: str = "note"  # note | draft | warning


# ------------------------------------------------------------------------------ tables


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | int | signed | rate | pct | p | index | month
    row_header: bool = False  # the cells of this column name their row (th scope=row)
    bold: bool = False  # the cells are shown bold (a reference a reader looks for)

    @property
    def numeric(self) -> bool:
        return self.kind != "text" and self.kind != "month"


@dataclass
class Cell:
    """One cell: ``text`` as shown; ``value`` as a spreadsheet holds it (None if hidden)."""

    text: str
    value: Any = None
    hidden: bool = False  # suppressed by disclosure control


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell]]
    source: str = ""
    notes: list[str] = field(default_factory=list)
    number: int | None = None
    sensitive: bool = False  # holds counts of a sensitive measure
    level: str = "district"  # geography of its rows: ward | district | lsoa | month
    total_rows: frozenset[int] = frozenset()  # rows that are totals (shown bold)
    count_columns: tuple[str, ...] = ()  # keys of columns holding counts

    @property
    def label(self) -> str:
        return f"Table {self.number}" if self.number is not None else "Table"

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


# ----------------------------------------------------------------------------- figures


@dataclass
class Series:
    name: str
    values: list[float | None]
    style: str = "solid"  # solid | dashed | muted
    value_labels: list[str] | None = None  # text beside bars (disclosure applied)
    # (low, high) 95% interval of each bar's value, drawn as a whisker; None: none.
    intervals: list[tuple[float, float] | None] | None = None


@dataclass
class LineChart:
    x_labels: list[str]
    series: list[Series]
    y_label: str
    x_label: str = "Month"
    centre: float | None = None  # SPC centre line
    upper: float | None = None  # SPC upper limit
    lower: float | None = None  # SPC lower limit, never below zero as drawn
    baseline_points: int = 0  # how many leading points set the centre and limits
    signal_points: dict[int, str] = field(default_factory=dict)  # index -> signal kinds
    x_keys: list[str] = field(default_factory=list)  # e.g. ISO months, for tooltips on screen
    trial_limits: bool = False  # limits from fewer than 12 baseline points


@dataclass
class BarChart:
    categories: list[str]
    series: list[Series]
    value_label: str  # what the bar length means, e.g. "Crimes per 1,000 residents"
    category_label: str = ""
    horizontal: bool = True
    highlight: str | None = None  # category drawn in the accent colour
    reference: tuple[float, str] | None = None  # a line across, e.g. the force rate
    hidden: list[bool] | None = None  # categories whose value is not shown


@dataclass
class MapChart:
    """A choropleth: shapes (Shapely geometries, lon/lat) coloured by class."""

    shapes: dict[str, Any]  # code -> geometry
    names: dict[str, str]  # code -> name
    classes: dict[str, int | None]  # code -> class index; None = hidden by disclosure
    class_labels: list[str]  # legend text of each class, lowest first
    legend_title: str
    labels: dict[str, str] = field(default_factory=dict)  # code -> short label to print
    # Categories rather than bands (place-flag categories, hot and cold spots): one colour
    # per class, in class order; None = the light-to-dark sequential scale.
    colours: list[str] | None = None
    outlines: dict[str, Any] = field(default_factory=dict)  # code -> geometry drawn as a line
    outline_label: str = ""  # legend text of the outlines, e.g. "Ward boundary"
    values: dict[str, str] = field(default_factory=dict)  # code -> its value as text (tooltips)


@dataclass
class XYLine:
    """A line through (x, y) points: a reference rate, a control limit."""

    name: str
    xs: list[float]
    ys: list[float]
    style: str = "solid"  # solid | dashed | dotted
    role: str = "reference"  # reference | limit | limit-outer | data
    step: bool = False  # drawn as steps (exact Poisson limits are whole counts)
    legend: bool = True  # False for the second line of a pair (the lower limit)


@dataclass
class XYPoints:
    """Markers at (x, y): wards on a funnel plot; ``labels`` are printed beside them."""

    name: str
    xs: list[float]
    ys: list[float]
    role: str = "data"  # data | highlight
    labels: list[str] = field(default_factory=list)


@dataclass
class XYChart:
    """Points and lines on two numeric axes (a funnel plot)."""

    x_label: str
    y_label: str
    lines: list[XYLine] = field(default_factory=list)
    points: list[XYPoints] = field(default_factory=list)
    y_from_zero: bool = True


Chart = LineChart | BarChart | MapChart | XYChart


@dataclass
class Figure:
    id: str
    caption: str
    alt: str  # text alternative: what the figure shows, in words
    chart: Chart
    data: Table  # the numbers behind the figure, shown with it in HTML and XLSX
    source: str = ""
    notes: list[str] = field(default_factory=list)
    number: int | None = None

    @property
    def label(self) -> str:
        return f"Figure {self.number}" if self.number is not None else "Figure"


# ---------------------------------------------------------------------------- sections


@dataclass
class DetailsBox:
    """The document details box: labelled lines (title, area, period, version ...)."""

    items: list[tuple[str, str]]


@dataclass
class ContentsList:
    """Marks where the table of contents goes; renderers build it from the tree."""


Block = Narrative | Callout | Table | Figure | DetailsBox | ContentsList


def anchor(section_id: str) -> str:
    """The id of a section's heading in HTML and PDF, for links to it (``#s-asb-issues``)."""
    return "s-" + section_id.replace(".", "-")


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    kind: str = "narrative"
    in_contents: bool = True
    appendix: bool = False
    # In the spreadsheet (and its CSVs) only, not printed in HTML, PDF or Word: the full
    # ward tables of every type, which a reader looks up rather than reads.
    spreadsheet_only: bool = False

    def walk(self, depth: int = 1) -> Iterator[tuple[Section, int]]:
        yield self, depth
        for c in self.children:
            yield from c.walk(depth + 1)

    @property
    def empty(self) -> bool:
        return not self.blocks and all(c.empty for c in self.children)


@dataclass
class Document:
    """A whole document: what every builder returns and :mod:`saferplaces.render` writes.

    ``area`` is who or where it is about (a district, a bespoke area, a partnership): it
    heads the cover and is the file's subject. ``kind`` says what the document is (the
    file's keywords). ``edition_label`` is the short edition name on the cover ("Public
    edition", "Member edition"); ``edition_note`` a longer line heading each spreadsheet
    sheet (default: the label). ``marking`` (e.g. ``RESTRICTED``) goes on every page and
    every sheet, and replaces the edition label."""

    title: str
    area: str
    sections: list[Section] = field(default_factory=list)
    subtitle: str = ""
    language: str = "en-GB"
    edition: str = "public"
    marking: str | None = None  # e.g. RESTRICTED, on every page
    details: list[tuple[str, str]] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)  # licence lines, on the cover
    created: str = ""  # ISO date
    meta: dict[str, Any] = field(default_factory=dict)  # area code, period... for XLSX
    kind: str = "document"  # e.g. "strategic assessment", "agenda pack"
    author: str = "saferplaces"
    edition_label: str = "Public edition"
    edition_note: str = ""
    # A long document starts each chapter on a new page; a short one (a profile, an
    # agenda) lets them follow on.
    chapters_on_new_page: bool = True
    landscape: bool = False  # wide tables (an action plan) print across the page

    @property
    def full_title(self) -> str:
        """Title and subtitle as one line (the file's title property)."""
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def edition_line(self) -> str:
        """The edition as one line: the marking, else the note, else the label."""
        return self.marking or self.edition_note or self.edition_label

    def walk(self) -> Iterator[tuple[Section, int]]:
        """Every section in reading order with its depth (1 = chapter)."""
        for s in self.sections:
            yield from s.walk(1)

    def blocks(self) -> Iterator[tuple[Section, Block]]:
        for s, _ in self.walk():
            for b in s.blocks:
                yield s, b

    def tables(self) -> list[Table]:
        return [b for _, b in self.blocks() if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for _, b in self.blocks() if isinstance(b, Figure)]

    def number(self) -> None:
        """Number tables and figures 1, 2, 3 ... in reading order."""
        t = f = 0
        for _, b in self.blocks():
            if isinstance(b, Table):
                t += 1
                b.number = t
            elif isinstance(b, Figure):
                f += 1
                b.number = f
                b.data.number = None

    def printed(self) -> Document:
        """The document as HTML, PDF and Word show it: without spreadsheet-only chapters
        (a shallow copy; the tree's blocks are shared)."""
        if not any(s.spreadsheet_only for s in self.sections):
            return self
        return replace(self, sections=[s for s in self.sections if not s.spreadsheet_only])

    def find(self, section_id: str) -> Section | None:
        return next((s for s, _ in self.walk() if s.id == section_id), None)
