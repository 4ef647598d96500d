"""Generated assessments on disk, listed for a partnership.

``saferplaces assess`` writes ``DIR/assessment.html|pdf|docx|xlsx``. The web app looks
in ``<assessments folder>/<partnership slug>/<name>/`` (see the ``assessments_dir``
setting) and lists each folder that holds at least one of those files, newest first.
Names come from the directory listing, never from the URL, so a request cannot reach
outside the folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings

FORMATS = {
    "html": ("Web page (HTML)", "text/html; charset=utf-8"),
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Spreadsheet of the tables (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@dataclass
class AssessmentFile:
    fmt: str
    label: str
    path: Path
    size: int


@dataclass
class Assessment:
    name: str
    modified: datetime
    files: list[AssessmentFile] = field(default_factory=list)

    def file(self, fmt: str) -> AssessmentFile | None:
        return next((f for f in self.files if f.fmt == fmt), None)


def folder(partnership) -> Path:
    return Path(settings.SAFERPLACES_ASSESSMENTS) / partnership.slug


def list_assessments(partnership) -> list[Assessment]:
    root = folder(partnership)
    if not root.is_dir():
        return []
    out = []
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        files = []
        for fmt, (label, _) in FORMATS.items():
            f = d / f"assessment.{fmt}"
            if f.is_file():
                files.append(AssessmentFile(fmt, label, f, f.stat().st_size))
        if files:
            modified = datetime.fromtimestamp(max(f.path.stat().st_mtime for f in files))
            out.append(Assessment(d.name, modified, files))
    return sorted(out, key=lambda a: a.modified, reverse=True)


def find(partnership, name: str) -> Assessment | None:
    return next((a for a in list_assessments(partnership) if a.name == name), None)
