"""Load bench for `khronika serve`: 50 keep-alive connections on loopback asking entity and quote
queries, with latency percentiles per kind of query.

    python bench/make_store.py --out /tmp/khronika-bench.db          # once: 50k synthetic documents
    python bench/serve_load.py --db /tmp/khronika-bench.db            # starts its own server

    createdb -h 127.0.0.1 -U postgres khronika_bench50k                # the same on PostgreSQL
    python bench/make_store.py --out postgresql://postgres@127.0.0.1:5432/khronika_bench50k
    python bench/serve_load.py --db postgresql://postgres@127.0.0.1:5432/khronika_bench50k

It starts `khronika serve` on a free loopback port (or uses --url, which must be a loopback
address), sends at most --requests requests for at most --duration seconds at a fixed offered
rate (--rate requests/s over all connections; 0 = each connection sends as soon as it has its
answer), then stops the server it started and prints p50/p95/p99 per query kind. Latency is
counted from the moment a request was due, not when it was sent, so a server falling behind
shows up in the figures instead of slowing the load down (no coordinated omission).
Also printed: all kinds together, and the load average of the machine before and after (the
figures of a shared machine are only comparable at a comparable load).
Exit status 1 when a request failed or, with --check, when a p99 is over --target-ms.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

KINDS = ("entities", "quotes", "entity_page")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def loopback_only(url: str) -> tuple[str, int]:
    """Host and port of `url`, refusing anything but this machine's loopback addresses."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    ok = host == "localhost"
    try:
        ok = ok or ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if not ok or parts.scheme != "http":
        sys.exit(f"refusing {url!r}: the bench only talks to http://127.0.0.1 / localhost / [::1]")
    return host, parts.port or 80


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_mix(db: str, rng: random.Random) -> dict[str, list[str]]:
    """Request paths per kind, from names and words really in the store (read-only)."""
    from sqlalchemy import text

    from khronika.store import Store

    with Store(db) as store, store.engine.connect() as con:
        # Seeded samples in Python (ORDER BY random() would differ between runs and backends).
        aliases = list(con.scalars(text("SELECT alias FROM entity_aliases ORDER BY entity_id, alias_norm")))
        speakers = list(con.scalars(text(
            "SELECT a.alias FROM entity_aliases a JOIN (SELECT DISTINCT speaker FROM quotes) q"
            " ON q.speaker = a.entity_id ORDER BY a.entity_id, a.alias_norm")))
        ids = list(con.scalars(text("SELECT id FROM entities ORDER BY id")))
        # The most mentioned entities too: their pages cost the most, and are the most visited.
        heavy = list(con.scalars(text("SELECT entity_id FROM mentions GROUP BY entity_id"
                                      " ORDER BY count(*) DESC, entity_id LIMIT 10")))
    aliases = rng.sample(aliases, min(2000, len(aliases)))
    speakers = rng.sample(speakers, min(1000, len(speakers)))
    ids = rng.sample(ids, min(500, len(ids))) + heavy
    if not aliases or not speakers:
        sys.exit(f"{db} has no entities or quotes: make it with bench/make_store.py")
    q = urllib.parse.quote
    entity_paths = [f"/api/entities?q={q(a)}" for a in aliases]
    entity_paths += [f"/api/entities?q={q(a[:3])}" for a in aliases[:300]]  # prefix typing
    entity_paths += [f"/api/entities?q={q(a)}&type=PLACE" for a in aliases[:200]]
    quote_paths = [f"/api/quotes?speaker={q(s)}" for s in speakers]
    quote_paths += ["/api/quotes?speaker=Peskov", "/api/quotes?speaker=%D0%9F%D0%B5%D1%81%D0%BA%D0%BE%D0%B2"] * 50
    quote_paths += [f"/api/quotes?speaker={q(s)}&from=2023-01-01&to=2023-06-30" for s in speakers[:200]]
    quote_paths += [f"/api/quotes?q=numero%20{rng.randint(1, 99999)}" for _ in range(200)]
    page_paths = [f"/api/entities/{q(i, safe=':')}" for i in ids]
    return {"entities": entity_paths, "quotes": quote_paths, "entity_page": page_paths}


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise RuntimeError("response without Content-Length")
    await reader.readexactly(length)
    return status


async def connection(host: str, port: int, paths: dict[str, list[str]], weights: list[float], start: float,
                     interval: float, offset: float, deadline: float, budget: list[int], res: Results,
                     rng: random.Random) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    due = start + offset
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            if interval:
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            else:
                due = time.perf_counter()
            kind = rng.choices(KINDS, weights)[0]
            path = rng.choice(paths[kind])
            try:
                status = await fetch(reader, writer, host, path)
                if status != 200:
                    raise RuntimeError(f"HTTP {status}")
                res.latencies[kind].append(time.perf_counter() - due)
            except Exception as exc:  # noqa: BLE001  every failure counts, and the connection is renewed
                res.errors[kind] += 1
                if len(res.error_samples) < 5:
                    res.error_samples.append(f"{path}: {exc!r}")
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            due += interval
    finally:
        writer.close()


async def run_load(host: str, port: int, paths: dict[str, list[str]],
                   args: argparse.Namespace) -> tuple[Results, float]:
    res = Results()
    rng = random.Random(args.seed)
    weights = [args.mix_entities, args.mix_quotes, args.mix_pages]
    interval = args.connections / args.rate if args.rate else 0.0
    budget = [args.requests]
    start = time.perf_counter() + 0.2
    deadline = start + args.duration
    tasks = [connection(host, port, paths, weights, start, interval, interval * i / args.connections, deadline, budget,
                        res, random.Random(rng.random())) for i in range(args.connections)]
    await asyncio.gather(*tasks)
    return res, time.perf_counter() - start


def cpu_seconds(root: int | None, db: str) -> float | None:
    """CPU time used so far by the server started here (its process and its worker processes)
    and, for a PostgreSQL store on this machine, by the database backends serving it: the cost
    of the requests whatever the machine's load (wall times on a shared machine are not)."""
    if root is None:
        return None
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    ours, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        kids = [pid for pid, (ppid, _) in stats.items() if ppid == parent and pid not in ours]
        ours.update(kids)
        frontier += kids
    ours |= set(backend_pids(db))
    return sum(stats[pid][1] for pid in ours if pid in stats)


def backend_pids(db: str) -> list[int]:
    if "://" not in db:
        return []
    from sqlalchemy import text

    from khronika.store import Store

    with Store(db) as store, store.engine.connect() as con:
        return list(con.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                     " AND pid <> pg_backend_pid()")))


READY_S = 300.0  # a loaded shared machine takes a while to import everything twice (two workers)


def wait_ready(base: str, server: subprocess.Popen[bytes] | None) -> bool:
    t = time.time()
    while time.time() - t < READY_S:
        if server is not None and server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/khronika-bench.db",
                    help="store to serve and take query names from: SQLite path or postgresql:// URL")
    ap.add_argument("--url", help="an already running server (loopback only); default: start one")
    ap.add_argument("--workers", type=int, default=2, help="server processes when starting one")
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--rate", type=float, default=300.0,
                    help="offered requests/s over all connections (0 = closed loop)")
    ap.add_argument("--requests", type=int, default=12_000, help="stop after this many requests")
    ap.add_argument("--duration", type=float, default=40.0, help="stop after this many seconds")
    ap.add_argument("--mix-entities", type=float, default=0.45)
    ap.add_argument("--mix-quotes", type=float, default=0.45)
    ap.add_argument("--mix-pages", type=float, default=0.10)
    ap.add_argument("--target-ms", type=float, default=50.0)
    ap.add_argument("--check", action="store_true", help="exit 1 when an entities/quotes p99 is over --target-ms")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if "://" not in args.db and not os.path.exists(args.db):
        sys.exit(f"no store at {args.db}: run  python bench/make_store.py --out {args.db}")
    paths = query_mix(args.db, random.Random(args.seed))

    server = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "khronika.cli", "serve", "--db", args.db, "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(args.workers)]
        log = tempfile.TemporaryFile()  # the server's own words, shown if it does not come up
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    host, port = loopback_only(base)
    load_before = os.getloadavg()
    try:
        if not wait_ready(base, server):
            if server is not None:
                log.seek(0)
                print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)
            sys.exit(f"server at {base} did not answer within {READY_S:.0f} s")
        # Warm-up: caches, connection pools, first-request imports in every worker.
        warm = argparse.Namespace(**{**vars(args), "requests": 400, "duration": 10.0, "rate": 0.0, "connections": 8})
        asyncio.run(run_load(host, port, paths, warm))
        cpu0 = cpu_seconds(server.pid if server else None, args.db)
        res, elapsed = asyncio.run(run_load(host, port, paths, args))
        cpu1 = cpu_seconds(server.pid if server else None, args.db)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    report(res, elapsed, args, (load_before, os.getloadavg()))
    served = sum(len(v) for v in res.latencies.values())
    if cpu0 is not None and cpu1 is not None and served:
        used = cpu1 - cpu0
        print(f"server CPU (server processes{' + database backends' if '://' in args.db else ''}): {used:.1f} s, "
              f"{1000 * used / served:.2f} ms a request = at most {served / used * (os.cpu_count() or 1):.0f} req/s "
              f"on {os.cpu_count()} idle cores")


def report(res: Results, elapsed: float, args: argparse.Namespace,
           loads: tuple[tuple[float, ...], tuple[float, ...]]) -> None:
    total = sum(len(v) for v in res.latencies.values())
    errors = sum(res.errors.values())
    print(f"store {args.db}; load average before {' '.join(f'{x:.2f}' for x in loads[0])}, "
          f"after {' '.join(f'{x:.2f}' for x in loads[1])} ({os.cpu_count()} cores)")
    print(f"{args.connections} connections, offered {'closed loop' if not args.rate else f'{args.rate:.0f} req/s'}, "
          f"{total + errors} requests in {elapsed:.1f} s = {(total + errors) / elapsed:.0f} req/s, errors {errors}")
    print(f"{'kind':12s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s} {'mean ms':>8s}")
    over = False
    for kind in KINDS:
        lat = [x * 1000 for x in res.latencies.get(kind, [])]
        if not lat:
            continue
        p99 = pct(lat, 99)
        print(f"{kind:12s} {len(lat):6d} {pct(lat, 50):8.1f} {pct(lat, 95):8.1f} {p99:8.1f} {max(lat):8.1f} "
              f"{statistics.fmean(lat):8.1f}")
        if kind in ("entities", "quotes") and p99 > args.target_ms:
            over = True
    every = [x * 1000 for lat in res.latencies.values() for x in lat]
    if every:
        print(f"{'all':12s} {len(every):6d} {pct(every, 50):8.1f} {pct(every, 95):8.1f} {pct(every, 99):8.1f} "
              f"{max(every):8.1f} {statistics.fmean(every):8.1f}")
    for sample in res.error_samples:
        print("error:", sample)
    if errors or (args.check and over):
        sys.exit(1)


if __name__ == "__main__":
    main()
