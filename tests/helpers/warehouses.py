"""The demo warehouses tests share, built once and cached on disk.

Three warehouses are built the way a user builds them, from the real bundled files:

* ``reference``: the bundled geography and Census reference data only;
* ``police-uk``: that, plus all 24 bundled police.uk months;
* ``agency``: that, plus every illustrative agency extract (``saferplaces demo-data
  --seed 2025``), whose files are kept beside it in ``demo/``.

Each is cached under ``.saferplaces/test-cache/`` (or ``$SAFERPLACES_TEST_CACHE``) in a
folder named by a key: a hash of everything that could shape it. That is every bundled
data file; every file of the library (``src/saferplaces``) except the CLI and the web
app (``cli``, ``web``) and the templates, stylesheets and prose that only draw documents
(``.j2``, ``.html``, ``.css``, ``.md``), so the schema, every loader and every plugin
that registers at start-up (a plugin may declare a reference file the load reads) are
in it, new packages included; this file; and the Python version with every installed
distribution and its version (DuckDB, pyarrow, pyproj, Shapely ..., and any third
party's plugin in the ``saferplaces`` entry-point group). The key is broad on purpose:
a key that misses a change hands tests a stale warehouse, a broad one only costs a
rebuild. Change a CLI command, a template, a web view or a test and the next run reuses
it. A fresh clone (CI) builds each once.

Builds run in a child process (``python -m tests.helpers.warehouses NAME``) that starts
as the CLI does (``saferplaces.extensions.load()``: the built-in plugins and any
installed one), so nothing a test session registered can leak into a cached file, and
so the child can check that it imported nothing the key leaves out. A file lock lets
parallel workers (pytest-xdist) and parallel runs share one build: the first builds,
the others wait for it.

Tests never open the cached files themselves: the fixtures in ``tests/conftest.py`` copy
them into the session's temporary folder (a 20 MB copy takes a tenth of a second).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "saferplaces"
SAMPLE = ROOT / "data" / "sample"

# Packages of saferplaces that only present what a warehouse holds: editing them keeps the
# cache, and a build fails if it imports one of them (see _check_imports). (render/ is
# keyed: the assessment plugin, which registers at start-up, imports its palette.)
NOT_KEYED = ("cli", "web")
# Files that only draw documents (templates, stylesheets, narrative prose), wherever
# they are; every other file under src/saferplaces is part of the key.
DRAWING = (".j2", ".html", ".css", ".md")

NAMES = ("reference", "police-uk", "agency")
SEED = 2025  # the illustrative extracts' seed, as `make demo` uses
DONE = "complete"  # written last into a cache folder: a folder without it is rebuilt
KEEP = 3  # cache folders kept per warehouse (other keys: other branches, older code)


def cache_dir() -> Path:
    return Path(os.environ.get("SAFERPLACES_TEST_CACHE") or ROOT / ".saferplaces" / "test-cache")


def _keyed_files() -> Iterator[Path]:
    yield Path(__file__)
    yield Path(__file__).with_name("raw.py")  # where the bundled police.uk months are
    yield from sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    for p in sorted(SRC.rglob("*")):
        rel = p.relative_to(SRC).parts
        if not p.is_file() or "__pycache__" in rel or p.suffix in (".pyc", *DRAWING):
            continue
        if len(rel) > 1 and rel[0] in NOT_KEYED:
            continue
        yield p


def _environment() -> str:
    """The Python version and every installed distribution (name, version and the entry
    points it declares), one a line, sorted: a new DuckDB or Shapely, or a third party's
    plugin installed or removed, changes the key."""
    from importlib import metadata

    lines = [f"python {sys.version}"]
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or "?"
        points = sorted(f"{e.group}:{e.name}={e.value}" for e in dist.entry_points)
        lines.append(f"{name.lower()}=={dist.version} {' '.join(points)}")
    return "\n".join(sorted(set(lines)))


def key() -> str:
    """The hash of everything that could shape the warehouses (16 hex digits)."""
    h = hashlib.sha256(_environment().encode() + b"\0")
    for p in _keyed_files():
        h.update(str(p.relative_to(ROOT)).encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def cached(name: str) -> Path:
    """The cache folder of warehouse ``name`` (``warehouse.duckdb``, and ``demo/`` for
    ``agency``), built first when missing. Read it, never write to it."""
    if name not in NAMES:
        raise ValueError(f"no cached warehouse called {name!r}; there are {', '.join(NAMES)}")
    k = key()
    folder = cache_dir() / f"{name}-{k}"
    if (folder / DONE).exists():
        return folder
    with _locked(cache_dir() / f"{name}-{k}.lock"):
        if not (folder / DONE).exists():
            # Built in a child process; its warehouse records the paths of the files it
            # loaded, so it is built where it will stay (a half-built folder is redone).
            shutil.rmtree(folder, ignore_errors=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith("SAFERPLACES_")}
            env["SAFERPLACES_TEST_CACHE"] = str(cache_dir())
            env["PYTHONPATH"] = os.pathsep.join(
                [str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")]
            )
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "tests.helpers.warehouses", name, str(folder), k],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise RuntimeError(
                    f"building the cached {name!r} warehouse failed:\n{done.stdout}{done.stderr}"
                )
            (folder / DONE).write_text(f"built in {time.perf_counter() - started:.1f} s\n")
            _prune(name, keep=folder)
    return folder


def _prune(name: str, keep: Path) -> None:
    """Remove all but the newest few cache folders of ``name``."""
    others = sorted(
        (p for p in cache_dir().glob(f"{name}-*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for p in others[KEEP - 1 :]:
        shutil.rmtree(p, ignore_errors=True)
        p.with_name(p.name + ".lock").unlink(missing_ok=True)


def copy_warehouse(name: str, dest: Path) -> Path:
    """A private copy of cached warehouse ``name`` at ``dest`` (a file path)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached(name) / "warehouse.duckdb", dest)
    return dest


# ---------------------------------------------------------------- the builds (child)


def _build(name: str, folder: Path) -> None:
    from saferplaces import extensions
    from saferplaces.warehouse import Warehouse

    # As the CLI starts: plugins declare reference files (harm weights, postcode
    # districts) and sources that the loads below read.
    extensions.load()

    path = folder / "warehouse.duckdb"
    folder.mkdir(parents=True)
    if name == "reference":
        from saferplaces.geography.reference import load_reference

        with Warehouse.open(path) as wh:
            load_reference(wh, SAMPLE)
    elif name == "police-uk":
        from saferplaces.sources.police_uk import ingest_police_uk
        from tests.helpers.raw import STREET

        shutil.copyfile(cached("reference") / "warehouse.duckdb", path)
        with Warehouse.open(path) as wh:
            ingest_police_uk(wh, [STREET])
    else:
        from saferplaces.sources.agency import ingest_agency
        from saferplaces.sources.illustrative import write_demo_data

        shutil.copyfile(cached("police-uk") / "warehouse.duckdb", path)
        files = write_demo_data(folder / "demo", seed=SEED)
        with Warehouse.open(path) as wh:
            for f in files:
                ingest_agency(wh, [f.path.parent], source=f.source, spec=f.spec)
    _check_imports()


def _check_imports() -> None:
    """Fail when the build imported a package the key leaves out: a change there could
    change the warehouse without changing the key."""
    leaked = sorted(
        m for m in sys.modules if m.startswith("saferplaces.") and m.split(".")[1] in NOT_KEYED
    )
    if leaked:
        raise SystemExit(
            f"building a cached warehouse imported {', '.join(leaked)}, which the cache key "
            f"leaves out: take {sorted({m.split('.')[1] for m in leaked})} out of NOT_KEYED "
            "in tests/helpers/warehouses.py"
        )


if __name__ == "__main__":
    name, folder, expected = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if key() != expected:  # the files changed while the parent was computing the key
        raise SystemExit(f"the source or data files changed during the build of {name!r}")
    _build(name, folder)
