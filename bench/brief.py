"""How long `khronika brief` takes on a large store (issue 12: within 2 s on 50k documents).

    python bench/make_store.py --out /tmp/bench.db          # 50k synthetic documents, once
    python bench/brief.py --db /tmp/bench.db [--days 20] [--lang fr] [--cli 5]

make_store.py writes rows straight into the tables and leaves the event clusters empty; this
bench first clusters the documents of the days it measures (and the day before each), as
`Store.save` would have, so the brief reads the same tables a real store has. It prints the
in-process time of `build_brief` per day (median, max) and the wall time of the whole command
(`khronika brief --day N --format md`, process start and imports included) for a few days.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import select

from khronika.brief import build_brief, resolve_day
from khronika.store import Store
from khronika.store import briefs as q
from khronika.store import events


def cluster_days(store: Store, days: list) -> int:
    """Cluster the events of the documents of `days` not clustered yet."""
    n = 0
    with store.engine.begin() as conn:
        done = set(conn.scalars(select(events.REPORTS.c.document_id).distinct()))
        for day in days:
            for doc in q.load_documents(conn, q.dated_ids(conn, day)):
                if doc["id"] not in done:
                    events.add_document(conn, doc)
                    done.add(doc["id"])
                    n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a store made by bench/make_store.py")
    ap.add_argument("--days", type=int, default=20, help="days to brief (random, seeded)")
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--cli", type=int, default=5, help="days to time through the command line")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with Store(args.db) as store:
        n_docs = store.counts()["documents"]
        t = time.perf_counter()
        q.ensure_brief_indexes(store.engine)
        index_s = time.perf_counter() - t
        with store.connect() as conn:
            first = conn.scalar(select(q.DOC_DAY).where(q.DOC_DAY > "").order_by(q.DOC_DAY).limit(1))
            last = conn.scalar(select(q.DOC_DAY).order_by(q.DOC_DAY.desc()).limit(1))
        lo, hi = q.day_of_war(resolve_day(on=first)), q.day_of_war(resolve_day(on=last))
        rng = random.Random(args.seed)
        numbers = sorted(rng.sample(range(lo + 1, hi + 1), min(args.days, hi - lo)))
        days = [q.date_of_day(n) for n in numbers]
        t = time.perf_counter()
        clustered = cluster_days(store, sorted({d for day in days for d in (day, day - timedelta(days=1))}))
        cluster_s = time.perf_counter() - t
        times, sizes = [], []
        for day in days:
            t = time.perf_counter()
            brief = build_brief(store, day, args.lang)
            times.append(time.perf_counter() - t)
            sizes.append((sum(len(s["items"]) for s in brief["sections"]), len(brief["documents"])))
    cli, cpu = [], []
    for n in numbers[:args.cli]:
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, "-m", "khronika.cli", "brief", "--day", str(n), "--db", args.db,
                              "--lang", args.lang, "--format", "md"], capture_output=True, text=True, check=True)
        cli.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time of the command: what it costs on a machine of its own, whatever else runs here.
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert out.stdout.startswith("# "), out.stdout[:200]
    report = {
        "documents": n_docs, "days": len(days), "indexes_s": round(index_s, 3),
        "clustered_documents": clustered, "clustering_s": round(cluster_s, 1),
        "build_brief_median_s": round(statistics.median(times), 4), "build_brief_max_s": round(max(times), 4),
        "items_median": statistics.median(s[0] for s in sizes), "documents_cited_median": statistics.median(s[1] for s in sizes),
        "cli_median_s": round(statistics.median(cli), 3) if cli else None, "cli_max_s": round(max(cli), 3) if cli else None,
        "cli_cpu_median_s": round(statistics.median(cpu), 3) if cpu else None,
        "cli_cpu_max_s": round(max(cpu), 3) if cpu else None,
        "load_average": round(__import__("os").getloadavg()[0], 1),
    }
    print(json.dumps(report))
    print(f"khronika brief on {n_docs:,} documents: build_brief median {report['build_brief_median_s'] * 1000:.0f} ms, "
          f"max {report['build_brief_max_s'] * 1000:.0f} ms over {len(days)} days; whole command median "
          f"{report['cli_median_s']} s, max {report['cli_max_s']} s wall (CPU {report['cli_cpu_median_s']} s, max "
          f"{report['cli_cpu_max_s']} s; load average {report['load_average']})", file=sys.stderr)


if __name__ == "__main__":
    main()
