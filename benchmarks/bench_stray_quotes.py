"""Reading a file with a stray double quote on every line stays linear in its size.

Each stray quote makes the reader refuse the record and resume on the next line (issue
18 §8). The baseline, measured in the same run, is the same number of clean lines read
by the same reader: the ratio of the damaged file's time to the clean one's should not
grow with the file (it grew with it, in square time, while each resume copied the lines
left).
"""

from __future__ import annotations

import statistics
import time

from saferplaces.sources.csv_records import csv_records

HEADER = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code\n"
SIZES = (10_000, 80_000)
REPEATS = 3


def _lines(n: int, stray: bool) -> str:
    quote = '"' if stray else ""
    return HEADER + "".join(
        f"{i},2025-01,Force,Force,0.1,52.2,{quote}On or near High Street,E01018218\n"
        for i in range(n)
    )


def _seconds(text: str, expect_refused: int) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        refused = sum(1 for _, cells, _, _ in csv_records(text, ",", lambda: 8) if cells is None)
        times.append(time.perf_counter() - t0)
        assert refused == expect_refused, (refused, expect_refused)
    return statistics.median(times)


def run() -> dict:
    result: dict[str, float | int] = {"repeats": REPEATS}
    lines = []
    for n in SIZES:
        clean = _seconds(_lines(n, stray=False), 0)
        # Each stray quote pairs with the next line's: the record over the two lines is
        # refused and reading resumes on the second, so every line but the last is refused.
        damaged = _seconds(_lines(n, stray=True), n - 1)
        result[f"clean_{n}_lines_seconds"] = round(clean, 4)
        result[f"stray_quotes_{n}_lines_seconds"] = round(damaged, 4)
        result[f"ratio_stray_vs_clean_{n}_lines"] = round(damaged / clean, 2)
        lines.append(f"{n:,} lines: {damaged:.3f}s, clean {clean:.3f}s ({damaged / clean:.1f}x)")
    print("   a stray quote on every line: " + "; ".join(lines))
    return result
