"""Run every benchmark (``bench_*.py`` in this folder) and write its results.

Each module has ``run() -> dict``; the dict is printed and written to
``benchmarks/results/<name>.json`` with the machine and time. Benchmarks report ratios
against a baseline measured in the same run, never a pass/fail time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main(selected: list[str]) -> None:
    from saferplaces import extensions

    # The benchmarks call library functions directly: register the plugins first, as the
    # CLI and the web app do at start-up.
    extensions.load()
    RESULTS.mkdir(exist_ok=True)
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if selected and name not in selected:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        print(f"== {name}", flush=True)
        result = module.run()
        result["_machine"] = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "when": datetime.now().isoformat(timespec="seconds"),
        }
        out = RESULTS / f"{name}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"   written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main(sys.argv[1:])
