"""Records of loads: what was taken in, when, and what became of every row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from saferplaces.warehouse.connection import Warehouse


def new_batch_id() -> str:
    return uuid.uuid4().hex[:12]


def next_load_id(wh: Warehouse) -> int:
    return int(wh.scalar("SELECT nextval('load_id_seq')"))


@dataclass
class FileResult:
    """What happened to one file; rows_read = loaded + quarantined + rejected."""

    file: str
    status: str  # loaded | replaced | already loaded | nothing loaded (no row loaded)
    source: str
    sha256: str = ""
    load_id: int | None = None
    force: str | None = None
    months: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_rejected: int = 0
    rows_replaced: int = 0
    note: str | None = None
    # Rows loaded with a value read as unknown, one sentence per field and word.
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class LoadReport:
    batch_id: str
    files: list[FileResult] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)


def current_load_with_hash(wh: Warehouse, source: str, sha256: str) -> dict | None:
    """The load still in force that holds exactly this content, if any."""
    rows = wh.dicts(
        "SELECT load_id, file_name, finished_at FROM loads "
        "WHERE source = ? AND sha256 = ? AND status <> 'superseded' "
        "ORDER BY load_id DESC LIMIT 1",
        [source, sha256],
    )
    return rows[0] if rows else None


def record_load(
    wh: Warehouse,
    *,
    load_id: int,
    batch_id: str,
    source: str,
    file_name: str,
    sha256: str,
    force: str | None,
    first_month: str | None,
    last_month: str | None,
    rows_read: int,
    rows_loaded: int,
    rows_quarantined: int,
    rows_rejected: int,
    rows_replaced: int,
    started_at: datetime,
    note: str | None = None,
) -> None:
    wh.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?)",
        [
            load_id,
            batch_id,
            source,
            file_name,
            sha256,
            force,
            f"{first_month}-01" if first_month else None,
            f"{last_month}-01" if last_month else None,
            rows_read,
            rows_loaded,
            rows_quarantined,
            rows_rejected,
            rows_replaced,
            started_at,
            datetime.now(),
            note,
        ],
    )


def refresh_statuses(wh: Warehouse, source: str) -> None:
    """Mark loads whose force-months have all (or some) been replaced by later files."""
    wh.execute(
        """
        UPDATE loads SET status = s.status
        FROM (
            SELECT load_id,
                   CASE WHEN count(*) FILTER (WHERE superseded_by IS NULL) = 0 THEN 'superseded'
                        WHEN count(*) FILTER (WHERE superseded_by IS NOT NULL) > 0
                             THEN 'partly superseded'
                        ELSE 'current' END AS status
            FROM load_coverage WHERE source = ? GROUP BY load_id
        ) s
        WHERE loads.load_id = s.load_id AND loads.status <> s.status
        """,
        [source],
    )
