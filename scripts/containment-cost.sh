#!/usr/bin/env bash
# What containing in-process runs in a worker process costs (BENCHMARKS.md, "Containment"):
# the same suites run contained (the default) and --in-process, alternating ABAB so that the
# machine's drift falls on both. Prints per-run wall time of many short runs, then each
# engine × workload's medians and spreads (min–max over runs) of the A/A suite, per mode.
# Usage: scripts/containment-cost.sh [path/to/streambench] (default: target/release).
set -euo pipefail
bin=${1:-target/release/streambench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 1. Per-run overhead: 60 runs of 0.05 s at 2000 events/s (100 events each), timed from one
# save of results.json to the next (strace, which stops the process at renames only).
for round in 1 2; do
  for mode in contained in-process; do
    flag=(); [ "$mode" = in-process ] && flag=(--in-process)
    strace -qq -tt -e trace=rename -o "$out/short-$mode-$round.strace" \
      "$bin" run -q "${flag[@]}" --engines event-driven --workloads stateless --rate 2000 \
      --duration 0.05 --warmup 0 --repetitions 60 --out "$out/short-$mode-$round" >/dev/null
    python3 - "$out/short-$mode-$round.strace" "$mode, round $round" <<'PY'
import sys, statistics
ts = []
for line in open(sys.argv[1]):
    if "rename" in line and "results.json" in line:
        h, m, s = line.split()[0].split(":")
        ts.append(int(h) * 3600 + int(m) * 60 + float(s))
d = sorted((b - a) * 1e3 for a, b in zip(ts[:60], ts[1:60]))
print(f"short runs, {sys.argv[2]}: save to save {statistics.median(d):.2f} ms median, "
      f"p10 {d[len(d) // 10]:.2f}, p90 {d[len(d) * 9 // 10]:.2f} ({len(d)} intervals)")
PY
  done
done

# 2. A/A: two engines × two workloads, 50 k events/s for 2 s, 4 repetitions; twice each way.
for round in 1 2; do
  for mode in contained in-process; do
    flag=(); [ "$mode" = in-process ] && flag=(--in-process)
    "$bin" run -q "${flag[@]}" --engines event-driven,dataflow --workloads stateless,window-count \
      --rate 50000 --duration 2 --warmup 0.5 --repetitions 4 --out "$out/aa-$mode-$round" >/dev/null
  done
done
# 3. Starting a worker: the process alone (it exits at once on an empty stdin).
python3 - "$bin" <<'PY'
import subprocess, sys, time, statistics
t = []
for _ in range(30):
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "worker"], stdin=subprocess.DEVNULL, check=True)
    t.append((time.perf_counter() - t0) * 1e3)
print(f"starting and ending a worker: median {statistics.median(t):.2f} ms (min {min(t):.2f}, max {max(t):.2f}, 30 times)")
PY

python3 - "$out" <<'PY'
import json, sys, statistics, glob, os
out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(f"{out}/aa-*/results.json")):
    mode, rnd = os.path.basename(os.path.dirname(path))[3:].rsplit("-", 1)
    for run in json.load(open(path))["runs"]:
        f = run["outcome"].get("figures")
        if not f:
            print("not ok:", run["key"], run["outcome"]); continue
        k = (run["key"]["engine"], run["key"]["workload"])
        runs.setdefault(k, {}).setdefault((mode, rnd), []).append({
            "p50 µs": f["latency_ns"]["p50"] / 1e3, "p99 µs": f["latency_ns"]["p99"] / 1e3,
            "input ev/s": f["throughput"]["input_eps"],
            "CPU s/M ev": f["cost"]["cpu_s_per_million"],
            "heap peak MiB": f["cost"]["heap_bytes_peak"] / 2**20})
med = lambda v: statistics.median(v)
print("| engine | workload | figure | contained: median (min–max) | in-process: median (min–max) | contained / in-process | round 1 / round 2, contained; in-process |")
print("|---|---|---|---|---|---|---|")
for k in sorted(runs):
    by = runs[k]
    for name in ["p50 µs", "p99 µs", "input ev/s", "CPU s/M ev", "heap peak MiB"]:
        pool = {m: [r[name] for (mm, _), rs in by.items() if mm == m for r in rs] for m in ("contained", "in-process")}
        rr = lambda m: med([r[name] for r in by[(m, "1")]]) / med([r[name] for r in by[(m, "2")]])
        c, i = pool["contained"], pool["in-process"]
        print(f"| {k[0]} | {k[1]} | {name} | {med(c):.4g} ({min(c):.4g}–{max(c):.4g}) | "
              f"{med(i):.4g} ({min(i):.4g}–{max(i):.4g}) | {med(c)/med(i):.3f} | {rr('contained'):.3f}; {rr('in-process'):.3f} |")
PY
