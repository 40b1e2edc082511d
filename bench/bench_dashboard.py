"""Benchmark the dashboard API: p50/p95 latency under 50 concurrent clients on loopback.

Usage: ``python bench/bench_dashboard.py [--size N] [--clients 50] [--seconds 15] [--runs 3]``.
Builds a store of N posts in DuckDB SQL (default 10,000,000; a third match #MeToo), starts
``groundswell serve`` in another process, times each distinct query once uncached, then runs the
clients for a bounded time per run and prints medians over runs of p50/p95 per endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from groundswell.store import Store
from groundswell.store.matching import create_match_tables

OUT = Path(__file__).resolve().parent / "out"
QUERIES = [
    "/api/status",
    "/api/measure?movement=metoo",
    "/api/measure?movement=metoo&platform=mastodon",
    "/api/measure?movement=metoo&lang=es",
    "/api/measure?movement=metoo&variant=balancetonporc",
    "/api/measure?movement=metoo&interval=week",
    "/api/measure?movement=metoo&from=2017-10-15&to=2017-11-01",
    "/api/posts?movement=metoo",
]


def build(path: Path, posts: int) -> float:
    """Fill a store with ``posts`` posts over 90 days, a third of them matching; return seconds."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    with Store(path) as store:
        con = store.connection
        create_match_tables(store)
        con.execute("SELECT setseed(0.07)")
        con.execute(f"""
            INSERT INTO posts (platform, id, author, kind, created_at, lang, reposted_id,
                               hashtags, hashtags_norm, direct, withheld, deleted)
            SELECT CASE WHEN i % 5 = 0 THEN 'mastodon' ELSE 'twitter' END, 'p' || i,
                   'a' || (hash(i * 7919) % {max(posts // 6, 1)}),
                   CASE WHEN i % 10 < 7 THEN 'original' WHEN i % 10 = 7 THEN 'reply' ELSE 'repost' END,
                   TIMESTAMP '2017-10-01' + to_microseconds((random() * random() * 90 * 86400e6)::BIGINT),
                   CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END,
                   CASE WHEN i % 10 >= 8 AND i > 100 THEN 'p' || (i - 1 - i % 97) END,
                   tags, tags, true, false, i % 211 = 0
            FROM (SELECT i, CASE WHEN i % 3 = 0 THEN ['metoo', 'timesup']
                                 WHEN i % 31 = 1 THEN ['balancetonporc'] ELSE ['news'] END AS tags
                  FROM range({posts}) t(i))""")
        con.execute("""
            INSERT INTO matches
            SELECT 'metoo', platform, id, CASE WHEN kind = 'repost' THEN 'repost' ELSE 'hashtag' END,
                   '#' || hashtags_norm[1], 'bench'
            FROM posts WHERE hashtags_norm[1] IN ('metoo', 'balancetonporc') AND NOT deleted""")
        con.execute("CHECKPOINT")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> None:
    """One keep-alive HTTP/1.1 GET on an open connection (raw: httpx would be the bottleneck)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":")[1])
        for line in head.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    await reader.readexactly(length)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")


async def load(port: int, clients: int, seconds: float) -> dict[str, list[float]]:
    """Run ``clients`` clients cycling through QUERIES for ``seconds``; latencies per query."""
    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    deadline = time.perf_counter() + seconds

    async def one(worker: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        turn = worker
        while time.perf_counter() < deadline:
            query = QUERIES[turn % len(QUERIES)]
            started = time.perf_counter()
            await _get(reader, writer, query)
            timings[query].append(time.perf_counter() - started)
            turn += 1
        writer.close()

    await asyncio.gather(*(one(w) for w in range(clients)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000, help="posts in the store")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0, help="load time per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse a store of this size")
    parser.add_argument(
        "--compute-timeout",
        type=float,
        default=900.0,
        help="seconds to wait for one uncached query; slower ones leave the mix",
    )
    parser.add_argument(
        "--queries",
        type=int,
        default=len(QUERIES),
        help=f"use the first N of the {len(QUERIES)} queries (uncached ones are slow)",
    )
    args = parser.parse_args()
    del QUERIES[args.queries :]
    OUT.mkdir(exist_ok=True)
    db = OUT / f"dashboard-{args.size}.duckdb"
    if not (args.reuse and db.exists()):
        print(f"built {args.size:,} posts in {build(db, args.size):.1f} s")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "groundswell.cli.main",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        print(f"{'query':60} {'uncached s':>10}", flush=True)
        for query in list(QUERIES):  # each query once: computed, then cached per store version
            started = time.perf_counter()
            try:
                httpx.get(base + query, timeout=args.compute_timeout).raise_for_status()
                print(f"{query:60} {time.perf_counter() - started:10.3f}", flush=True)
            except httpx.TimeoutException:
                print(f"{query:60} {'> ' + str(args.compute_timeout):>10} (left out)", flush=True)
                QUERIES.remove(query)
        runs = [asyncio.run(load(port, args.clients, args.seconds)) for _ in range(args.runs)]
    finally:
        server.terminate()
        server.wait(10)
    print(f"\n{args.clients} clients, {args.seconds:.0f} s per run, medians of {args.runs} runs")
    print(f"{'query':60} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
    for query in [*QUERIES, "all"]:
        rows = [sum(r.values(), []) if query == "all" else r[query] for r in runs]
        p50 = statistics.median(percentile(r, 0.5) for r in rows) * 1000
        p95 = statistics.median(percentile(r, 0.95) for r in rows) * 1000
        rate = statistics.median(len(r) / args.seconds for r in rows)
        print(f"{query:60} {p50:8.1f} {p95:8.1f} {rate:8.1f}")


if __name__ == "__main__":
    main()
