"""Does one kind of slow request stall the server? 50 connections send worst-case searches (words
found in nearly every document or quote) as fast as they are answered, while one more connection
asks /api/health every 20 ms; prints the health latency percentiles and what the searches got.

    python bench/make_store.py --out /tmp/khronika-bench.db          # once: 50k synthetic documents
    python bench/health_under_search.py --db /tmp/khronika-bench.db   # starts its own server

Issue 14 measured, with queries on the event loop, 50 concurrent `/api/quotes?q=w` holding
`/api/health` for 12.9 s; the goal is a health p99 under 100 ms.
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
from collections import Counter

WORST = ("/api/quotes?q=la", "/api/quotes?q=situation", "/api/quotes?q=sous%20controle",
         "/api/documents?q=day", "/api/documents?q=report", "/api/entities?q=ko", "/api/quotes?q=w")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    await reader.readexactly(length)
    return status


async def searcher(port: int, until: float, counts: Counter[int], worst: tuple[str, ...], k: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = k
    while time.monotonic() < until:
        try:
            counts[await _get(reader, writer, f"127.0.0.1:{port}", worst[i % len(worst)])] += 1
        except (asyncio.IncompleteReadError, ConnectionError):
            counts[0] += 1
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i += 1
    writer.close()


async def prober(port: int, until: float, out: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < until:
        t0 = time.perf_counter()
        assert await _get(reader, writer, f"127.0.0.1:{port}", "/api/health") == 200
        out.append((time.perf_counter() - t0) * 1000)
        await asyncio.sleep(0.02)
    writer.close()


async def run(port: int, connections: int, seconds: float) -> tuple[list[float], Counter[int]]:
    until = time.monotonic() + seconds
    health: list[float] = []
    counts: Counter[int] = Counter()
    await asyncio.gather(prober(port, until, health),
                         *(searcher(port, until, counts, WORST, k) for k in range(connections)))
    return health, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/khronika-bench.db")
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen([sys.executable, "-m", "khronika.cli", "serve", "--db", args.db, "--port", str(port)],
                              env={**os.environ, "KHRONIKA_TOKEN": ""}, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        health, counts = asyncio.run(run(port, args.connections, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    health.sort()
    q = statistics.quantiles(health, n=100)
    print(f"/api/health under {args.connections} connections of worst-case searches for {args.seconds:.0f} s: "
          f"{len(health)} probes, p50 {q[49]:.1f} ms, p99 {q[98]:.1f} ms, max {health[-1]:.1f} ms")
    print("search answers by status:", dict(sorted(counts.items())), f"({sum(counts.values()) / args.seconds:.0f}/s)")


if __name__ == "__main__":
    main()
