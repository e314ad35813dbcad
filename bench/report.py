"""Tables, targets and a chart for bench/run.py's results."""

import os
import platform
import subprocess

# Issue 8's targets: (scenario, title starts with, metric, rule, value).
#   le_peer: Holdfast <= value x peer    ge_peer: Holdfast >= value x peer
#   le: Holdfast <= value                eq: Holdfast == value
TARGETS = [
    ("S1", "HTTP-stream fanout, N=1,000, 200", "broker µs/delivery", "le_peer", 1 / 5),
    ("S1", "HTTP-stream fanout, N=1,000, 200", "deliveries/s", "ge_peer", 3),
    ("S1", "HTTP-stream fanout, N=1,000, 200", "p99 ms", "le_peer", 1 / 5),
    ("S1", "HTTP-stream fanout, N=1,000, 200", "lost", "eq", 0),
    ("S1", "HTTP-stream fanout, N=5,000", "broker µs/delivery", "le_peer", 1 / 5),
    ("S1", "HTTP-stream fanout, N=5,000", "deliveries/s", "ge_peer", 3),
    ("S1", "HTTP-stream fanout, N=5,000", "p99 ms", "le_peer", 1 / 5),
    ("S1", "HTTP-stream fanout, N=5,000", "lost", "eq", 0),
    ("S1", "HTTP-stream fanout, N=1,000, 20 publishes/s", "broker µs/delivery", "le_peer", 1 / 5),
    ("S1", "HTTP-stream fanout, N=1,000, 20 publishes/s", "p99 ms", "le", 15),
    ("S1", "HTTP-stream fanout, N=1,000, 20 publishes/s", "lost", "eq", 0),
    ("S2", "WebSocket fanout, N=1,000, 200", "broker µs/delivery", "le_peer", 1 / 10),
    ("S2", "WebSocket fanout, N=1,000, 200", "deliveries/s", "ge_peer", 5),
    ("S2", "WebSocket fanout, N=1,000, 200", "lost", "eq", 0),
    ("S2", "WebSocket fanout, N=1,000, 20", "broker µs/delivery", "le_peer", 1 / 10),
    ("S2", "WebSocket fanout, N=1,000, 20", "lost", "eq", 0),
    ("S3", "memory per idle held HTTP-stream", "KiB/connection", "le_peer", 1 / 10),
    ("S3", "memory per idle held WebSocket", "KiB/connection", "le_peer", 1 / 10),
    ("S4", "publish API, 0 subscribers", "broker µs/publish", "le_peer", 1 / 3),
    ("S4", "publish API, 100 subscribers", "broker µs/publish", "le_peer", 1),
    ("S5", "WebSocket echo through", "proxy µs/echo", "le_peer", 1),
    ("S5", "WebSocket echo through", "echoes/s", "ge_peer", 1),
    ("S5", "WebSocket echo through", "p99 ms", "le_peer", 1),
    ("S5", "memory per idle proxied", "KiB/connection", "le_peer", 1 / 2),
    ("S6", "console worst", "worst stall ms", "le", 49.999),
]


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e6:
            return f"{int(value):,}"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def target_for(row, metric):
    for scenario, title, name, rule, value in TARGETS:
        if row["scenario"] == scenario and row["title"].startswith(title) and metric == name:
            return rule, value
    return None


def judge(row, metric):
    """(target text, 'yes'/'no'/'') for one metric of one row."""
    target = target_for(row, metric)
    if not target:
        return "", ""
    rule, value = target
    mine = row["holdfast"].get(metric)
    theirs = (row["other"] or {}).get(metric)
    if mine is None or (rule.endswith("_peer") and theirs is None):
        return describe(rule, value), "n/a"
    if rule == "le_peer":
        met = mine <= value * theirs
    elif rule == "ge_peer":
        met = mine >= value * theirs
    elif rule == "le":
        met = mine <= value
    else:
        met = mine == value
    return describe(rule, value), "yes" if met else "**no**"


def describe(rule, value):
    if rule == "le_peer":
        return "≤ peer" if value == 1 else f"≤ 1/{round(1 / value)} of peer"
    if rule == "ge_peer":
        return "≥ peer" if value == 1 else f"≥ {value:g}× peer"
    if rule == "le":
        return f"< {value:.0f}" if value != int(value) else f"≤ {value:g}"
    return f"= {value:g}"


def ratio(mine, theirs):
    if mine is None or theirs in (None, 0):
        return "—"
    return f"{mine / theirs:.2f}×"


def markdown(rows):
    lines = ["| scenario | metric | Holdfast | peer | Holdfast ÷ peer | target | met |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        first = True
        other = row["other"] or {}
        for metric, mine in row["holdfast"].items():
            if metric in ("connected", "connections"):
                continue
            theirs = other.get(metric)
            target, met = judge(row, metric)
            label = f"**{row['scenario']}** {row['title']} (vs {row['peer']})" if first else ""
            first = False
            lines.append(f"| {label} | {metric} | {fmt(mine)} | {fmt(theirs)} | "
                         f"{ratio(mine, theirs)} | {target} | {met} |")
    return "\n".join(lines)


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(command):
        # nginx prints its version on stderr; a peer that is not installed (a run of S4 alone
        # needs no nginx) is reported, not fatal.
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            return (done.stdout.strip() or done.stderr.strip()).splitlines()[0]
        except (OSError, IndexError):
            return "not found"

    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "pushpin": version(["pushpin", "--version"]),
            "nginx": version(["nginx", "-v"])}


def svg_chart(rows):
    """Horizontal bars: Holdfast's CPU (or memory) per operation as a share of the peer's."""
    bars = []
    for row in rows:
        other = row["other"] or {}
        for metric in ("broker µs/delivery", "broker µs/publish", "proxy µs/echo",
                       "KiB/connection"):
            mine, theirs = row["holdfast"].get(metric), other.get(metric)
            if mine is not None and theirs:
                title = row["title"].split(" (")[0].replace(", 200 publishes at", ",")
                bars.append((f"{row['scenario']} {title}", metric, mine / theirs))
    height = 40 + 26 * len(bars)
    width = 1060
    scale = 420  # pixels for a ratio of 1.0 (the peer)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           '<text x="10" y="20" font-weight="bold">Holdfast CPU / memory per operation as a '
           'share of the peer\'s (peer = dashed line; shorter is better)</text>']
    x0 = 560
    for i, (label, metric, share) in enumerate(bars):
        y = 36 + 26 * i
        length = min(share, 1.2) * scale
        colour = "#2a7ab0" if share <= 1 else "#c0392b"
        out.append(f'<text x="{x0 - 8}" y="{y + 14}" text-anchor="end">'
                   f'{escape(label)} — {escape(metric)}</text>')
        out.append(f'<rect x="{x0}" y="{y}" width="{length:.1f}" height="18" fill="{colour}"/>')
        out.append(f'<text x="{x0 + length + 6:.1f}" y="{y + 14}">{share:.2f}×</text>')
    out.append(f'<line x1="{x0 + scale}" y1="28" x2="{x0 + scale}" y2="{height - 4}" '
               'stroke="black" stroke-dasharray="4 3"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
