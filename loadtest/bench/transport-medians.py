#!/usr/bin/env python3
"""Medians of the transport benchmark runs written by run-transport.sh: one Markdown row per variant with the
median of each figure over its runs, and the server's bytes written per delivery (from its /metrics counters
before and after each run). Usage: loadtest/bench/transport-medians.py OUT_DIR"""
import glob
import json
import os
import re
import statistics
import sys

COLUMNS = [
    ("connected", lambda r, m: r["counts"]["connected"]),
    ("deliveries/s", lambda r, m: r["rates"]["delivered_per_second"]),
    ("deliv p50 ms", lambda r, m: r["latency"]["send_to_delivered"]["p50"]),
    ("deliv p99 ms", lambda r, m: r["latency"]["send_to_delivered"]["p99"]),
    ("connects/s", lambda r, m: r["rates"]["connects_per_second"]),
    ("connect p99 ms", lambda r, m: r["latency"]["connect_to_room_state"]["p99"]),
    ("server CPU % (mean)", lambda r, m: r["server"]["cpu_percent_mean"]),
    ("bytes/frame written", lambda r, m: m.get("bytes_per_frame")),
]


def counters(path):
    values = {}
    if os.path.exists(path):
        for line in open(path):
            match = re.match(r"^(community_\w+)(\{[^}]*\})? ([0-9.eE+-]+)$", line.strip())
            if match:
                values[match.group(1)] = values.get(match.group(1), 0.0) + float(match.group(3))
    return values


def metrics(base):
    before, after = counters(base + ".metrics.before"), counters(base + ".metrics.after")
    frames = after.get("community_ws_frames_out_total", 0) - before.get("community_ws_frames_out_total", 0)
    written = (after.get("community_ws_bytes_out_bytes_total", 0)
               - before.get("community_ws_bytes_out_bytes_total", 0))
    measured = "community_ws_bytes_out_bytes_total" in after
    return {"bytes_per_frame": written / frames if measured and frames > 0 else None}


def fmt(v):
    if v is None:
        return "n/a"
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:.2f}"


def main(out):
    by = {}
    for f in sorted(glob.glob(os.path.join(out, "*-[0-9].json"))):
        variant = re.sub(r"-\d+\.json$", "", os.path.basename(f))
        with open(f) as fh:
            by.setdefault(variant, []).append((json.load(fh), metrics(f[:-5])))
    print("| variant | runs | audit passed | " + " | ".join(c for c, _ in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 3) + "|")
    for variant in sorted(by):
        runs = by[variant]
        passed = sum(1 for r, _ in runs if r["audit"]["lost"] + r["audit"]["undelivered"] + r["audit"]["duplicates"]
                     + r["audit"]["reordered"] + r["audit"]["unanswered"] == 0)
        cells = [str(len(runs)), f"{passed}/{len(runs)}"]
        for _, get in COLUMNS:
            values = []
            for r, m in runs:
                try:
                    v = get(r, m)
                except (KeyError, TypeError):
                    v = None
                if isinstance(v, (int, float)) and v == v:
                    values.append(v)
            cells.append(fmt(statistics.median(values)) if values else "n/a")
        print(f"| {variant} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1])
