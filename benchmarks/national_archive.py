"""A synthetic national police.uk archive, for measuring saferplaces at national scale.

The 24 bundled Cambridgeshire street months are replayed in every police force area of
England and Wales (the 43 with a PFA code in ``data/sample/reference/police_forces.csv``):
each force gets a folder of 24 files named as police.uk names them
(``2024-01-essex-street.csv.gz``), its rows reported by and falling within that force,
and each LSOA the bundled rows name mapped onto one of the force's own LSOAs (2021, by
the bundled ONS lookups) by a seeded shuffle, so a force's rows spread over its own
districts and wards as Cambridgeshire's do over its. Cambridgeshire's own files are
copied as they are. Crime IDs are re-derived per force so no two forces share one.

Written with the standard library only, to a folder the caller names (a temporary one:
the archive is about 7 million rows and never committed). The same seed writes the same
bytes.

    python benchmarks/national_archive.py OUT [--forces N] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import random
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
STREET = SAMPLE / "police_uk" / "cambridgeshire" / "street"
CAMBRIDGESHIRE = "E23000023"
SEED = 2025


@dataclass(frozen=True)
class Force:
    pfa_code: str
    name: str  # as police.uk's "Reported by" gives it
    slug: str  # as police.uk file names give it


@dataclass(frozen=True)
class Archive:
    folder: Path
    forces: list[Force]
    files: int
    rows: int
    bytes: int


def forces() -> list[Force]:
    """The police force areas of England and Wales, by PFA code."""
    with (SAMPLE / "reference" / "police_forces.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["pfa24_code"]]
    # One force per area: a force known by two names (Hampshire, and Hampshire and Isle
    # of Wight) is replayed once, under the name listed last.
    by_code = {
        r["pfa24_code"]: Force(r["pfa24_code"], r["police_uk_name"], r["slug"]) for r in rows
    }
    return [by_code[k] for k in sorted(by_code)]


@cache
def lsoas_by_force() -> dict[str, list[tuple[str, str]]]:
    """PFA code -> its LSOAs (code, name), sorted, from the bundled ONS lookups."""
    with gzip.open(SAMPLE / "geography" / "lad24_csp24_pfa24_ew.csv.gz", "rt") as fh:
        force_of = {r["ltla24_code"]: r["pfa24_code"] for r in csv.DictReader(fh)}
    out: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(SAMPLE / "geography" / "lsoa21_ward24_lad24_ew.csv.gz", "rt") as fh:
        for r in csv.DictReader(fh):
            pfa = force_of.get(r["ltla24_code"])
            if pfa:
                out.setdefault(pfa, []).append((r["lsoa21_code"], r["lsoa21_name"]))
    return {k: sorted(v) for k, v in out.items()}


@cache  # read once per process; never changed by the callers
def _months() -> list[tuple[Path, list[str], list[list[str]]]]:
    """(file, header, rows) of each bundled street month, in month order."""
    out = []
    for f in sorted(STREET.glob("*.csv.gz")):
        with gzip.open(f, "rt", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            out.append((f, header, list(reader)))
    return out


def _mapping(
    codes: list[str], theirs: list[tuple[str, str]], rng: random.Random
) -> dict[str, tuple[str, str]]:
    """Each bundled LSOA -> one of the force's, by a seeded shuffle (cycled when the force
    has fewer LSOAs than the bundled rows name)."""
    shuffled = list(theirs)
    rng.shuffle(shuffled)
    return {code: shuffled[i % len(shuffled)] for i, code in enumerate(codes)}


def _write_gz(path: Path, header: list[str], rows: list[list[str]]) -> int:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime 0 and no name in the header: the same rows make the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", 6, raw, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return path.stat().st_size


def generate(
    folder: Path, *, seed: int = SEED, limit: int | None = None, months: int | None = None
) -> Archive:
    """Write the archive into ``folder`` (made if missing): every force, or the first
    ``limit`` by PFA code (Cambridgeshire always among them); every bundled month, or the
    first ``months``. The LSOA mapping is drawn from every month's LSOAs either way."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = forces()
    if limit is not None:
        chosen = [f for f in chosen if f.pfa_code == CAMBRIDGESHIRE] + [
            f for f in chosen if f.pfa_code != CAMBRIDGESHIRE
        ][: max(0, limit - 1)]
    held = _months()
    codes = sorted({r[7] for _, _, rows in held for r in rows if r[7]})
    own = lsoas_by_force()
    rng = random.Random(seed)
    files = rows_written = size = 0
    for force in chosen:
        out = folder / force.slug
        out.mkdir(exist_ok=True)
        # Drawn for every force in PFA order, so a force's mapping does not depend on
        # which others were chosen.
        mapping = _mapping(codes, own[force.pfa_code], random.Random(rng.random()))
        for src, header, rows in held[:months]:
            name = src.name.replace("cambridgeshire", force.slug)
            if force.pfa_code == CAMBRIDGESHIRE:
                shutil.copyfile(src, out / name)
                size += (out / name).stat().st_size
            else:
                size += _write_gz(out / name, header, [_replay(r, force, mapping) for r in rows])
            files += 1
            rows_written += len(rows)
    return Archive(folder, chosen, files, rows_written, size)


def _replay(row: list[str], force: Force, mapping: dict[str, tuple[str, str]]) -> list[str]:
    crime_id, month, _, _, lon, lat, location, lsoa, _, crime_type, outcome, context = row
    if crime_id:
        crime_id = hashlib.sha256(f"{force.slug}:{crime_id}".encode()).hexdigest()
    code, name = mapping[lsoa] if lsoa else ("", "")
    return [
        crime_id,
        month,
        force.name,
        force.name,
        lon,
        lat,
        location,
        code,
        name,
        crime_type,
        outcome,
        context,
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--forces", type=int, default=None, help="only this many forces")
    parser.add_argument("--months", type=int, default=None, help="only the first months")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    a = generate(args.out, seed=args.seed, limit=args.forces, months=args.months)
    print(f"{len(a.forces)} forces, {a.files:,} files, {a.rows:,} rows, {a.bytes / 2**20:,.0f} MB")
