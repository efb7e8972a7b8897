# Shared by the benchmark scripts: paths, the release binaries, PostgreSQL databases, timing.
# Sourced, not run. Every generated file goes under $BENCH_DIR (default /tmp/thads-bench).

set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_ROOT/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/thads-bench}"
# The PostgreSQL server the benchmarks create their databases on (trust auth, loopback).
BENCH_PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
# How many times each measurement is repeated; the median is reported with the spread.
RUNS="${RUNS:-3}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
BIN="$TARGET_DIR/release"
VENV="${BENCH_VENV:-$BENCH_DIR/venv}"
mkdir -p "$BENCH_DIR"

log() { printf '\n== %s\n' "$*" >&2; }
skip() { printf 'SKIPPED: %s\n' "$*" | tee -a "$BENCH_DIR/skipped.txt" >&2; }

# Builds the release binaries the benchmarks run (a no-op when they are up to date).
build_release() {
  log "building release binaries (thads, make-national, load-national, floor, bench-queries)"
  (cd "$REPO" && cargo build --release --quiet -p thads-api -p thads-tests \
    --bin thads --bin make-national --bin load-national --bin floor --bin bench-queries)
}

# True when the PostgreSQL server answers.
have_pg() { psql "$BENCH_PG/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1; }

# Drops and recreates a database; prints its URL.
fresh_pg_db() {
  local name="$1"
  psql "$BENCH_PG/postgres" -qtAc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
  psql "$BENCH_PG/postgres" -qtAc "CREATE DATABASE \"$name\"" >/dev/null
  echo "$BENCH_PG/$name"
}

drop_pg_db() {
  psql "$BENCH_PG/postgres" -qtAc "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 || true
}

# Runs a command under /usr/bin/time; prints "WALL_SECONDS MAX_RSS_KB" on fd 3's file $TIMES.
# Usage: timed OUT_PREFIX cmd args...  → $OUT_PREFIX.out, $OUT_PREFIX.err, $OUT_PREFIX.time
timed() {
  local prefix="$1"; shift
  /usr/bin/time -f '%e %M' -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err"
}

# Median and spread of numbers on stdin: "median min max".
stats() { python3 -c '
import sys, statistics
v = sorted(float(x) for x in sys.stdin.read().split())
print(f"{statistics.median(v):.3f} {v[0]:.3f} {v[-1]:.3f}" if v else "nan nan nan")'; }

# The Python virtualenv with the analyst tools of bench/requirements.txt.
ensure_venv() {
  if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$BENCH_ROOT/requirements.txt" "$VENV/requirements.txt"; then
    log "creating the Python environment in $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$BENCH_ROOT/requirements.txt"
    cp "$BENCH_ROOT/requirements.txt" "$VENV/requirements.txt"
  fi
}

# The machine, for the record.
machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "kernel: $(uname -r); rustc: $(rustc --version 2>/dev/null | cut -d' ' -f2); PostgreSQL: $(psql "$BENCH_PG/postgres" -qtAc 'SHOW server_version' 2>/dev/null || echo none); node: $(node --version 2>/dev/null || echo none)"
}

# --- Servers under load (bench/http.sh, bench/peer.sh, bench/smoke.sh) ---------------------
# A script starts one server at a time in the background, keeps its PID in SERVER_PID and
# calls `trap stop_server EXIT`, so that no server outlives it.
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  }

# Waits until a GraphQL endpoint answers a trivial query.
wait_ready() {
  local url="$1"
  for _ in $(seq 1 150); do
    if curl -sf -m 2 -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' "$url" >/dev/null; then
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# Waits (at most 120 s) until the machine is idle again (under 10 % busy over half a second):
# requests queued in a server when wrk stops are still being answered, and would slow the
# next measurement down.
wait_idle() {
  local a b busy
  for _ in $(seq 1 240); do
    a=($(head -1 /proc/stat)); sleep 0.5; b=($(head -1 /proc/stat))
    busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]-a[1]-a[2]-a[3]-a[6]-a[7]) * 100 / ( (b[1]+b[2]+b[3]+b[4]+b[5]+b[6]+b[7]) - (a[1]+a[2]+a[3]+a[4]+a[5]+a[6]+a[7]) + 1 ) ))
    [ "$busy" -lt 10 ] && return 0
  done
  echo "note: the machine did not become idle" >&2
}

# Runs wrk $RUNS times against a URL with a bodies file; appends "LABEL rps p50 p99 errors" lines.
load_http() {
  local label="$1" url="$2" bodies="$3" out="$RESULTS/http-$1.txt"
  : > "$out"
  BODIES="$bodies" wrk -t2 -c"$CONNECTIONS" -d2s --timeout 10s -s "$BENCH_ROOT/wrk/mix.lua" "$url" </dev/null >/dev/null  # warm-up
  for run in $(seq 1 "$RUNS"); do
    wait_idle
    BODIES="$bodies" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$BENCH_ROOT/wrk/mix.lua" "$url" </dev/null \
      | grep '^wrk-result' | sed "s/^/$label run=$run /" | tee -a "$out"
  done
  wait_idle
  if grep -q 'errors=[1-9]' "$out"; then echo "FAILED: $label answered with errors" >&2; return 1; fi
}

# Each query of a bodies file alone, one run of $EACH seconds (default 5): "LABEL-qN" files.
load_each() {
  local label="$1" url="$2" bodies="$3" i=0
  while read -r body; do
    i=$((i + 1))
    printf '%s\n' "$body" > "$BENCH_DIR/body-$label-q$i.jsonl"
    RUNS=1 DURATION="${EACH:-5}" load_http "$label-q$i" "$url" "$BENCH_DIR/body-$label-q$i.jsonl" >/dev/null
  done < "$bodies"
}

