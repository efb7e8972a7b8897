#!/usr/bin/env bash
# HTTP throughput: `thads serve` on 127.0.0.1 under wrk, 32 connections, the dashboard query
# mix (bench/wrk/mix.lua posting the bodies of `bench-queries --wrk-bodies`), on the ten-year
# national databases, with its response cache (as shipped: `thads-BACKEND`) and without it
# (`--response-cache-entries 0`: `thads-BACKEND-nocache`); then the peer (bench/peer.sh) under
# the same load. Loopback only; every run is bounded by $DURATION seconds; the servers are
# stopped on exit.
#
#   bench/http.sh           # DURATION=10 CONNECTIONS=32 RUNS=3; results in $BENCH_DIR/results
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${PORT:-18080}"
RESULTS="$BENCH_DIR/results"; mkdir -p "$RESULTS"
SERVER_PID=""
trap stop_server EXIT

main() {
  command -v wrk >/dev/null || { skip "HTTP throughput: wrk is not installed (apt-get install -y wrk)"; return 0; }
  build_release
  source "$BENCH_ROOT/load.sh"
  "$BIN/bench-queries" --wrk-bodies > "$BENCH_DIR/bodies-thads.jsonl"
  for backend in sqlite postgres; do
    url="$(national_db "$backend")" || { skip "HTTP on $backend: no database"; continue; }
    # The same load with the response cache (the default) and without it.
    for cache in on off; do
      label="thads-$backend"; entries=()
      [ "$cache" = on ] || { label="$label-nocache"; entries=(--response-cache-entries 0); }
      log "HTTP: thads serve on $backend, response cache $cache, $CONNECTIONS connections, ${DURATION}s × $RUNS"
      "$BIN/thads" serve --public-read --db "$url" --bind "127.0.0.1:$PORT" "${entries[@]}" >"$BENCH_DIR/serve-$label.log" 2>&1 &
      SERVER_PID=$!
      wait_ready "http://127.0.0.1:$PORT/graphql" || { echo "FAILED: thads serve did not start" >&2; cat "$BENCH_DIR/serve-$label.log" >&2; exit 1; }
      load_http "$label" "http://127.0.0.1:$PORT/graphql" "$BENCH_DIR/bodies-thads.jsonl"
      [ "${EACH:-5}" = 0 ] || load_each "$label" "http://127.0.0.1:$PORT/graphql" "$BENCH_DIR/bodies-thads.jsonl"
      stop_server
    done
  done
  if [ "${PEER:-1}" = 1 ]; then
    "$BENCH_ROOT/peer.sh"
  fi
  summary | tee "$RESULTS/http.txt"
}

summary() {
  python3 - "$RESULTS" <<'PY'
import sys, pathlib, statistics, re
res = pathlib.Path(sys.argv[1])
rows, each = {}, {}
for f in sorted(res.glob("http-*.txt")):
    if f.name == "http.txt": continue
    m = re.match(r"http-(.+)-q(\d)\.txt", f.name)
    if m:
        kv = dict(re.findall(r"(\w+)=([\d.]+)", f.read_text()))
        if "rps" in kv: each.setdefault(m.group(1), {})[int(m.group(2))] = kv
        continue
    for line in f.read_text().splitlines():
        kv = dict(re.findall(r"(\w+)=([\d.]+)", line))
        if "rps" in kv: rows.setdefault(line.split()[0], []).append(kv)
print("HTTP throughput (wrk, 2 threads, median of runs; spread of req/s in brackets)")
print(f"{'server':<22} {'req/s':>9} {'spread':>17} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'timeouts':>8}")
med = {}
for name, runs in rows.items():
    rps = [float(r["rps"]) for r in runs]
    p50 = statistics.median(float(r["p50_ms"]) for r in runs)
    p99 = statistics.median(float(r["p99_ms"]) for r in runs)
    errs = sum(int(r["errors"]) for r in runs)
    timeouts = sum(int(r["socket_errors"]) for r in runs)
    med[name] = (statistics.median(rps), p99)
    print(f"{name:<22} {statistics.median(rps):>9.1f} {min(rps):>8.1f}–{max(rps):<8.1f} {p50:>8.2f} {p99:>8.2f} {errs:>7} {timeouts:>8}")
for backend in ("sqlite", "postgres"):
    cached, uncached = med.get(f"thads-{backend}"), med.get(f"thads-{backend}-nocache")
    if cached and uncached:
        print(f"response cache on {backend}: {cached[0] / uncached[0]:.1f}× the requests per second; "
              f"p99 {cached[1]:.1f} ms with it, {uncached[1]:.1f} ms without")
for thads in ("thads-postgres", "thads-postgres-nocache"):
    if thads in med and "peer-postgres" in med:
        (a, a99), (b, b99) = med[thads], med["peer-postgres"]
        print(f"{thads} / peer on PostgreSQL: {a / b:.2f}× the requests per second; p99 {a99:.1f} ms vs {b99:.1f} ms")
names = ["national totals", "provinces by rate", "a province's offices", "the year's months",
         "by case group", "case group + year before"]
if each:
    servers = sorted(each)
    print()
    print("Each query alone (one run): req/s, p99 ms in brackets, Nt = N requests timed out (> 10 s)")
    print(f"{'query':<26} " + " ".join(f"{s:>22}" for s in servers))
    for i, name in enumerate(names, 1):
        cells = []
        for s in servers:
            kv = each[s].get(i)
            t = int(kv["socket_errors"]) if kv else 0
            cells.append((f"{float(kv['rps']):>8.1f} ({float(kv['p99_ms']):>7.1f})" + (f" {t}t" if t else "")) if kv else "-")
        print(f"{i} {name:<24} " + " ".join(f"{c:>22}" for c in cells))
PY
}

main "$@"
