"""Meeting pages, by job: what readers see (``pages``), the agenda and its records
(``agenda``), minutes and action points (``minutes``), and attendance (``attendance``).
What a reader may see is decided in :mod:`saferplaces.web.meetings.visibility` only."""
