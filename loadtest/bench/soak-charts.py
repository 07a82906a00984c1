#!/usr/bin/env python3
"""SVG charts of a soak's resource samples, each with the trend line the harness fitted, for docs/.

    loadtest/bench/soak-charts.py RESULT.json OUT_DIR [TITLE]

Reads the soak's JSON result (the `soak` part: samples, trends, faults) and writes one self-contained SVG per figure
(heap after GC, direct memory, open files, threads, blocking queue, connections, ack and delivery p99 per interval)
to OUT_DIR/soak-<figure>.svg: the samples as a line, the harness's trend line (fitted without the warm-up; drawn
from the JSON's line_from/line_to, so the chart shows the line the verdict is about) dashed, and each fault as a
vertical mark. Prints a Markdown table of the figures (min, max, trend per hour, rise over the run, noise, verdict).
Standard library only.
"""
import json
import sys
from pathlib import Path

FIGURES = [
    # (sample field, trend name or None, title, unit divisor, unit)
    ("heap_after_gc_bytes", "heap_after_gc_bytes", "Heap after full GC", 1 << 20, "MiB"),
    ("direct_bytes", "direct_bytes", "Direct memory (NIO buffers)", 1 << 20, "MiB"),
    ("open_files", "open_files", "Open files (sockets included)", 1, ""),
    ("threads", "threads", "Live threads", 1, ""),
    ("blocking_queue", "blocking_queue", "Blocking executor queue", 1, "tasks"),
    ("connections", None, "WebSocket connections (sampled node)", 1, ""),
    ("ack_p99_ms", "ack_p99_ms", "send→ack p99 per interval (worst 1 s p99)", 1, "ms"),
    ("delivery_p99_ms", None, "send→delivered p99 per interval (worst 1 s p99)", 1, "ms"),
]
W, H, L, R, T, B = 640, 260, 70, 20, 34, 36


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def chart(title, unit, points, line, faults, x_max):
    ys = [y for _, y in points] + ([line[1], line[3]] if line else [])
    y_min, y_max = min(ys + [0]), max(ys) if ys else 1
    if y_max <= y_min:
        y_max = y_min + 1
    y_max *= 1.08
    sx = lambda x: L + (W - L - R) * x / max(x_max, 1)
    sy = lambda y: H - B - (H - T - B) * (y - y_min) / (y_max - y_min)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="18" font-size="13" font-weight="bold">{title}{" (" + unit + ")" if unit else ""}</text>']
    for i in range(5):
        v = y_min + (y_max - y_min) * i / 4
        y = sy(v)
        out.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt(v)}</text>')
    step = 10 if x_max > 1200 else 1
    for m in range(0, int(x_max // 60) + 1, step):
        x = sx(m * 60)
        out.append(f'<line x1="{x:.1f}" y1="{H - B}" x2="{x:.1f}" y2="{H - B + 4}" stroke="#666"/>')
        out.append(f'<text x="{x:.1f}" y="{H - B + 16}" text-anchor="middle">{m}</text>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 4}" text-anchor="middle">minutes into the run</text>')
    out.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#666"/>')
    for at in faults:
        x = sx(at)
        out.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{H - B}" stroke="#d33" stroke-dasharray="2,3"/>')
    if points:
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1f6fb4" stroke-width="1.6"/>')
        for x, y in points:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2" fill="#1f6fb4"/>')
    if line:
        x0, y0, x1, y1 = line
        out.append(f'<line x1="{sx(x0):.1f}" y1="{sy(y0):.1f}" x2="{sx(x1):.1f}" y2="{sy(y1):.1f}" '
                   'stroke="#e08a00" stroke-width="2" stroke-dasharray="6,4"/>')
    legend = "blue: samples" + ("; dashed orange: trend (warm-up left out)" if line else "") + \
             ("; red: faults" if faults else "")
    out.append(f'<text x="{W - R}" y="18" text-anchor="end" fill="#555">{legend}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    result = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    soak = result["soak"]
    samples = soak["samples"]
    trends = {t["resource"]: t for t in soak["trends"]}
    faults = [f["at_seconds"] for f in soak.get("faults", [])]
    x_max = max(s["seconds"] for s in samples)
    print("| figure | min | max | trend per hour | rise over the run | noise (σ) | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for field, trend_name, title, div, unit in FIGURES:
        points = [(s["seconds"], s[field] / div) for s in samples if s.get(field, -1) is not None and s[field] >= 0]
        trend = trends.get(trend_name) if trend_name else None
        line = None
        if trend and trend["samples"] >= 2 and trend.get("line_from") is not None:
            line = (trend["from_seconds"], trend["line_from"] / div, trend["to_seconds"], trend["line_to"] / div)
        (out / f"soak-{field.replace('_', '-')}.svg").write_text(chart(title, unit, points, line, faults, x_max))
        ys = [y for _, y in points]
        u = f" {unit}" if unit else ""
        if trend:
            verdict = "flat (within noise)" if trend["flat"] else "RISING"
            cells = [fmt(trend["slope_per_hour"] / div) + u, fmt(trend["rise_over_run"] / div) + u,
                     fmt(trend["noise"] / div) + u, verdict]
        else:
            cells = ["—", "—", "—", "not fitted"]
        print(f"| {title} | {fmt(min(ys)) if ys else '—'}{u} | {fmt(max(ys)) if ys else '—'}{u} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
