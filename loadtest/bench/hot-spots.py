#!/usr/bin/env python3
"""Server hot spots from a JFR recording: the share of CPU samples by leaf method, by the innermost project
(dev.community) method on the stack, and by thread group. Usage: loadtest/bench/hot-spots.py server.jfr [TOP]"""
import collections
import re
import subprocess
import sys


def samples(jfr):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr],
                         check=True, capture_output=True, text=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("sampledThread"):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else "?"
        elif s.startswith("stackTrace = ["):
            frames, in_stack = [], True
        elif in_stack and s == "]":
            in_stack = False
            yield thread, frames
        elif in_stack and s and not s.startswith("..."):
            frames.append(re.sub(r"\s+line:.*$", "", s))


def contention(jfr, top):
    """Blocked time by monitor class and the innermost project frame that waited (jdk.JavaMonitorEnter)."""
    out = subprocess.run(["jfr", "print", "--events", "jdk.JavaMonitorEnter", "--stack-depth", "64", jfr],
                         check=True, capture_output=True, text=True).stdout
    blocked = collections.Counter()
    monitor, duration, own, in_stack = None, 0.0, None, False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("duration ="):
            m = re.match(r"duration = ([\d.]+) (\w+)", s)
            scale = {"s": 1000.0, "ms": 1.0, "us": 0.001, "ns": 0.000001}.get(m.group(2), 1.0) if m else 0
            duration = float(m.group(1)) * scale if m else 0.0
        elif s.startswith("monitorClass"):
            monitor = s.split("=", 1)[1].strip().split(" ")[0]
        elif s.startswith("stackTrace = ["):
            own, in_stack = None, True
        elif in_stack and s == "]":
            in_stack = False
            blocked[f"{monitor} <- {own or '(no project frame)'}"] += duration
        elif in_stack and own is None and s.startswith("dev.community."):
            own = re.sub(r"\s+line:.*$", "", s)
    if blocked:
        print("\nblocked on monitors (ms, events over 20 ms as JFR's profile settings record them):")
        for name, ms in blocked.most_common(top):
            print(f"  {ms:9.0f}  {name}")


def main(jfr, top):
    leaf, project, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(jfr):
        if not frames:
            continue
        total += 1
        leaf[frames[0]] += 1
        own = next((f for f in frames if f.startswith("dev.community.")), "(no project frame)")
        project[own] += 1
        threads[re.sub(r"[-\d]+$", "", thread)] += 1
    print(f"{total} CPU samples")
    for title, counter in (("threads", threads), ("leaf methods", leaf), ("innermost project frame", project)):
        print(f"\n{title}:")
        for name, n in counter.most_common(top):
            print(f"  {100.0 * n / total:5.1f}%  {name}")
    contention(jfr, top)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15)
