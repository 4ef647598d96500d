"""Several server processes share the warehouse. Another process's write (a load, a
flags run or decision) never holds a page up: it writes a copy and puts it in place when
done (decision 16), so pages read the warehouse as it was. A write waits a moment for
another process's write, and says the warehouse is busy after that."""

from __future__ import annotations

import shutil
import subprocess
import sys

from django.urls import reverse

HOLD = (
    "import sys, time\n"
    "from saferplaces.warehouse import Warehouse\n"
    "wh = Warehouse.open(sys.argv[1])\n"
    "print('held', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "wh.close()\n"
)


def _own_copy(settings, loaded_path, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(loaded_path, path)
    settings.SAFERPLACES_WAREHOUSE = str(path)
    return path


def _held(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_page_waits_for_a_short_write_in_another_process(
    clients, demo, settings, loaded_path, tmp_path
):
    proc = _held(_own_copy(settings, loaded_path, tmp_path), 1.5)
    try:
        resp = clients["board"].get(reverse("evidence:quality", args=[demo.slug]))
    finally:
        proc.wait(timeout=60)
    assert resp.status_code == 200


def test_a_long_write_elsewhere_never_holds_a_page_up_and_a_write_here_says_busy(
    clients, demo, settings, loaded_path, tmp_path, monkeypatch
):
    from saferplaces.web.evidence import warehouse
    from tests.web.test_flags_web import _run

    monkeypatch.setattr(warehouse, "BUSY_RETRY_SECONDS", 0.5)
    proc = _held(_own_copy(settings, loaded_path, tmp_path), 30)
    try:
        page = clients["board"].get(reverse("evidence:quality", args=[demo.slug]))
        write = _run(clients["analyst"], demo)
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert page.status_code == 200  # read as it was, while the other process writes
    assert write.status_code == 503
    assert "busy" in write.content.decode()
