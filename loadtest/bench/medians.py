#!/usr/bin/env python3
"""Medians of the benchmark runs: reads OUT_DIR/<store>/*.json written by community-loadtest and prints one
Markdown table per store (the median of each figure over the runs of a scenario, and how many runs passed the
audit). Usage: loadtest/bench/medians.py OUT_DIR"""
import glob
import json
import os
import statistics
import sys

COLUMNS = [
    ("runs", None),
    ("audit passed", None),
    ("connected", lambda r: r["counts"]["connected"]),
    ("stored+acked/s", lambda r: r["rates"]["acked_per_second"]),
    ("deliveries/s", lambda r: r["rates"]["delivered_per_second"]),
    ("peak deliv/s", lambda r: r["rates"]["peak_delivered_per_second"]),
    ("ack p50 ms", lambda r: r["latency"]["send_to_ack"]["p50"]),
    ("ack p99 ms", lambda r: r["latency"]["send_to_ack"]["p99"]),
    ("deliv p50 ms", lambda r: r["latency"]["send_to_delivered"]["p50"]),
    ("deliv p90 ms", lambda r: r["latency"]["send_to_delivered"]["p90"]),
    ("deliv p99 ms", lambda r: r["latency"]["send_to_delivered"]["p99"]),
    ("deliv p99.9 ms", lambda r: r["latency"]["send_to_delivered"]["p999"]),
    ("deliv max ms", lambda r: r["latency"]["send_to_delivered"]["max"]),
    ("warm-up s", lambda r: r["warmup"]["seconds"]),
    ("warm-up deliv p99 ms", lambda r: r["warmup"]["send_to_delivered"]["p99"]),
    ("connects/s", lambda r: r["rates"]["connects_per_second"]),
    ("connect p99 ms", lambda r: r["latency"]["connect_to_room_state"]["p99"]),
    ("reconnects", lambda r: r["counts"]["reconnects"]),
    ("server CPU % (mean)", lambda r: r["server"]["cpu_percent_mean"]),
    ("heap B/conn", lambda r: r["server"]["heap_bytes_per_connection"]),
]
ORDER = ["fanout", "fanout-100k", "rooms", "ingest", "connect-storm", "idle", "resume", "abuse (clean)", "abuse"]
ABUSE_COLUMNS = [
    ("abusers held", lambda r: sum(k["held"] for k in r["abuse"]["kinds"])),
    ("server heap max MiB", lambda r: r["server"]["heap_bytes_max"] / 1048576),
    ("server RSS max MiB", lambda r: r["server"]["rss_bytes_max"] / 1048576),
    ("typing events/member/s", lambda r: r["abuse"]["typing_events_per_member_second"]),
]


def figure(get, r):
    """A figure of a run, or None when the run has none (the clean run has no abusers to count)."""
    try:
        return get(r)
    except (KeyError, TypeError):
        return None


def scenario_of(r):
    """The abuse scenario without abusers is the clean run it is compared with: a row of its own."""
    if r["scenario"] == "abuse" and r["parameters"].get("abusers") == 0:
        return "abuse (clean)"
    if r["scenario"] == "fanout":
        # fanout at another rate than the set's (10 senders at 20/s) is a row of its own: fanout-100k
        p = r["parameters"]
        offered = p.get("senders", 0) * p.get("rate_per_sender", 0) * p.get("members", 0)
        if offered and offered != 200_000:
            return f"fanout-{offered // 1000:.0f}k"
    return r["scenario"]


def number(v):
    return v if isinstance(v, (int, float)) and v == v else None


def fmt(v):
    if v is None:
        return "n/a"
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:.2f}"


def main(out):
    for store in sorted(os.listdir(out)):
        files = sorted(glob.glob(os.path.join(out, store, "*.json")))
        if not files:
            continue
        by = {}
        for f in files:
            with open(f) as fh:
                r = json.load(fh)
            by.setdefault(scenario_of(r), []).append(r)
        print(f"\n### {store}\n")
        print("| scenario | " + " | ".join(c for c, _ in COLUMNS) + " |")
        print("|---" * (len(COLUMNS) + 1) + "|")
        for s in sorted(by, key=lambda x: ORDER.index(x) if x in ORDER else 99):
            runs = by[s]
            a = [r["audit"] for r in runs]
            passed = sum(1 for x in a if x["lost"] + x["undelivered"] + x["duplicates"] + x["reordered"]
                         + x["unsynced"] + x["seq_collisions"] + x["unanswered"] == 0)
            cells = [str(len(runs)), f"{passed}/{len(runs)}"]
            for name, get in COLUMNS[2:]:
                values = [number(figure(get, r)) for r in runs]
                values = [v for v in values if v is not None]
                cells.append(fmt(statistics.median(values)) if values else "n/a")
            print(f"| {s} | " + " | ".join(cells) + " |")
        abusive = [s for s in by if s.startswith("abuse")]
        if abusive:
            print("\n| abuse run | " + " | ".join(c for c, _ in ABUSE_COLUMNS) + " |")
            print("|---" * (len(ABUSE_COLUMNS) + 1) + "|")
            for s in sorted(abusive, key=ORDER.index):
                cells = []
                for name, get in ABUSE_COLUMNS:
                    values = [number(figure(get, r)) for r in by[s]]
                    values = [v for v in values if v is not None]
                    cells.append(fmt(statistics.median(values)) if values else "n/a")
                print(f"| {s} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
