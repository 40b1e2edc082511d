"""Benchmark twarc2 ingest: groundswell vs twarc-csv vs DuckDB's own JSON parse, speed and peak memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCH_DIR,
    PYTHON,
    REPO,
    ChildRun,
    median,
    median_child,
    options,
    table,
    verdict,
)

from groundswell.devtools.replicate import write_replicated  # noqa: E402

FIXTURES = REPO.parent / "shared" / "data" / "platforms" / "twitter-v2"
# Real twarc2 search/timeline pages: English and Korean topics, entities, withheld and
# media-policy tweets, two page sets; overlapping ids among them exercise dedup.
MIX = [
    "brexit",
    "kpop",
    "noflat",
    "2sets",
    "withheld",
    "entities_test",
    "media_policy_violation_off",
]
OUT = BENCH_DIR / "out" / "ingest"
TWARC_VENV = BENCH_DIR / ".venv-twarc"
TWARC_PACKAGES = ["twarc-csv==0.7.2", "pandas<3", "setuptools<70"]
GOAL_RATIO = 0.7
GOAL_MIB = 1024

GROUNDSWELL_CHILD = """
import json, sys
from pathlib import Path
from groundswell.store import IngestOptions, Store, ingest
source, db, key = sys.argv[1:4]
with Store(db) as store:
    summary = ingest(store, [source], IngestOptions(key_file=Path(key)))
    stored, raw = store.connection.execute("SELECT count(*), count(raw) FROM posts").fetchone()
print(json.dumps({"posts": summary.total("posts"), "stored": stored, "raw": raw,
                  "errors": [f.error for f in summary.errors]}))
"""

DUCKDB_CHILD = """
import json, sys, duckdb
source, db = sys.argv[1:3]
con = duckdb.connect(db)
con.execute(
    "CREATE TABLE tweets AS SELECT unnest(data, recursive := false) AS tweet "
    "FROM read_json(?, format = 'newline_delimited', maximum_object_size = 268435456)",
    [source],
)
print(json.dumps({"rows": con.execute("SELECT count(*) FROM tweets").fetchone()[0]}))
"""


def mix_file() -> tuple[Path, list[int]]:
    """Write the fixture pages of ``MIX`` into one file; return it and each page's tweet count."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "mix.jsonl"
    pages = []
    for name in MIX:
        for line in (FIXTURES / f"{name}.jsonl").read_bytes().splitlines():
            if line.strip().startswith(b"{") and b'"data"' in line:
                pages.append(line)
    path.write_bytes(b"".join(p + b"\n" for p in pages))
    return path, [len(orjson.loads(p)["data"]) for p in pages]


def twarc2_file(tweets: int) -> tuple[Path, int]:
    """A replicated twarc2 file of at least ``tweets`` collected tweets (cached); its exact count."""
    mix, sizes = mix_file()
    path = OUT / f"twarc2-{tweets}.jsonl"
    count_file = path.with_suffix(".count")
    if not (path.exists() and count_file.exists()):
        pages = write_replicated(mix, path, tweets)
        count_file.write_text(str(sum(sizes[i % len(sizes)] for i in range(pages))))
    return path, int(count_file.read_text())


def twarc2_command() -> Path:
    """The ``twarc2`` of bench/.venv-twarc, creating that environment when it is missing."""
    twarc2 = TWARC_VENV / "bin" / "twarc2"
    if not twarc2.exists():
        print(f"creating {TWARC_VENV} with {' '.join(TWARC_PACKAGES)} ...", flush=True)
        subprocess.run([shutil.which("python3") or PYTHON, "-m", "venv", TWARC_VENV], check=True)
        subprocess.run([TWARC_VENV / "bin" / "pip", "install", "-q", *TWARC_PACKAGES], check=True)
    return twarc2


def fresh(path: Path) -> None:
    """Remove a database (and its WAL) left by a previous run."""
    for name in (path, path.with_name(path.name + ".wal")):
        name.unlink(missing_ok=True)


def groundswell_run(
    source: Path, runs: int
) -> tuple[float, float, dict[str, object], list[ChildRun]]:
    """Median seconds and MiB of a full groundswell ingest (pseudonyms, dedup, sealed raw), what
    the last run printed, and the runs."""
    db = OUT / "groundswell.duckdb"
    key = OUT / "bench.key"
    env = {**os.environ, "GROUNDSWELL_KEY_FILE": str(key)}
    seconds, mib, results = median_child(
        lambda _: [PYTHON, "-c", GROUNDSWELL_CHILD, source, db, key],
        runs,
        env=env,
        before=lambda _: fresh(db),
    )
    fresh(db)
    return seconds, mib, json.loads(results[-1].stdout.strip().splitlines()[-1]), results


def duckdb_run(source: Path, runs: int) -> tuple[float, float, dict[str, object], list[ChildRun]]:
    """Median seconds and MiB of DuckDB parsing the file and materialising one row per tweet,
    what the last run printed, and the runs."""
    db = OUT / "duckdb.duckdb"
    seconds, mib, results = median_child(
        lambda _: [PYTHON, "-c", DUCKDB_CHILD, source, db], runs, before=lambda _: fresh(db)
    )
    fresh(db)
    return seconds, mib, json.loads(results[-1].stdout.strip().splitlines()[-1]), results


def twarc_csv_run(source: Path, runs: int) -> tuple[float, float]:
    """Median seconds and MiB of ``twarc2 csv`` (twarc-csv 0.7.2) on the file."""
    twarc2 = twarc2_command()
    out = OUT / "twarc.csv"
    home = OUT / "twarc-home"
    home.mkdir(exist_ok=True)
    # twarc2 asks for a bearer token at start-up (csv never calls the API) and writes twarc.log
    # into its working directory.
    env = {**os.environ, "BEARER_TOKEN": "unused", "HOME": str(home)}
    seconds, mib, _ = median_child(lambda _: [twarc2, "csv", source, out], runs, env=env, cwd=OUT)
    out.unlink(missing_ok=True)
    return seconds, mib


def main() -> None:
    """Measure and print the table, the ratios and the goals."""
    args = options(__doc__ or "", size=200_000, quick_size=20_000)
    runs = args.runs
    small_size = max(args.size // 2, 1)
    source, tweets = twarc2_file(args.size)
    small, small_tweets = twarc2_file(small_size)
    print(
        f"twarc2 file: {tweets:,} collected tweets, {source.stat().st_size / 2**20:,.0f} MiB "
        f"({', '.join(MIX)} pages replicated with fresh ids); medians of {runs} runs",
        flush=True,
    )
    gs_small_s, gs_small_mib, _, _ = groundswell_run(small, runs)
    # The machine's speed drifts by up to 2× over minutes: groundswell and DuckDB take turns on
    # the full file, so that each pair of runs (and the ratio) sees the same machine.
    pairs = [(groundswell_run(source, 1), duckdb_run(source, 1)) for _ in range(runs)]
    gs_s, gs_mib = median([g[0] for g, _ in pairs]), median([g[1] for g, _ in pairs])
    dk_s, dk_mib = median([d[0] for _, d in pairs]), median([d[1] for _, d in pairs])
    gs, dk = pairs[-1][0][2], pairs[-1][1][2]
    tw_s, tw_mib = twarc_csv_run(source, runs)
    if dk["rows"] != tweets:
        print(f"warning: DuckDB made {dk['rows']:,} rows for {tweets:,} tweets")
    rows = [
        ["groundswell ingest", tweets, gs_s, tweets / gs_s, gs_mib],
        [
            "groundswell ingest (½ size)",
            small_tweets,
            gs_small_s,
            small_tweets / gs_small_s,
            gs_small_mib,
        ],
        ["DuckDB read_json + unnest (limit)", tweets, dk_s, tweets / dk_s, dk_mib],
        ["twarc2 csv (twarc-csv 0.7.2)", tweets, tw_s, tweets / tw_s, tw_mib],
    ]
    print(table("\ningest", ["tool", "tweets", "seconds", "tweets/s", "peak MiB"], rows))
    print(
        f"\ngroundswell stored {gs['stored']:,} posts ({gs['posts']:,} parsed, embedded ones "
        f"included, deduplicated), {gs['raw']:,} with a sealed raw payload"
    )
    vs_duckdb = dk_s / gs_s
    vs_twarc = tw_s / gs_s
    growth = gs_mib / gs_small_mib
    print(f"ratio groundswell/DuckDB rate:     {vs_duckdb:.2f}×")
    print("  each pair of runs, in turn (CPU seconds, and the share the hypervisor stole):")
    for g, d in pairs:
        ours, theirs = g[3][0], d[3][0]
        print(
            f"    {theirs.seconds / ours.seconds:.2f}×: groundswell {ours.seconds:.1f} s, "
            f"{ours.cpu_seconds:.1f} CPU s, steal {ours.steal:.0%}; DuckDB {theirs.seconds:.1f} s, "
            f"{theirs.cpu_seconds:.1f} CPU s, steal {theirs.steal:.0%}"
        )
    print(f"ratio groundswell/twarc-csv rate:  {vs_twarc:.2f}×")
    print(
        f"groundswell peak memory {gs_small_mib:,.0f} MiB → {gs_mib:,.0f} MiB for 2× tweets "
        f"({growth:.2f}×)"
    )
    print(
        f"goal: ≥{GOAL_RATIO}× DuckDB's rate: {verdict(vs_duckdb >= GOAL_RATIO)}; "
        f"memory flat in file size (<{GOAL_MIB} MiB, <1.25× for 2× tweets): "
        f"{verdict(gs_mib < GOAL_MIB and growth < 1.25)}"
    )


if __name__ == "__main__":
    main()
