#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in order: import (with the floor and the analyst's tool),
# queries (GraphQL vs service vs bare SQL), HTTP throughput (thads and the peer). Results go to
# $BENCH_DIR/results (default /tmp/thads-bench/results); what could not run is listed at the
# end. Takes about 30–40 minutes on 2 cores, most of it the import runs and loading ten years.
#
#   bench/run-all.sh                  # RUNS=3 by default
#   RUNS=5 DURATION=20 bench/run-all.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rm -f "$BENCH_DIR/skipped.txt"
mkdir -p "$BENCH_DIR/results"
machine | tee "$BENCH_DIR/results/machine.txt"
if [ "$(pgrep -c rustc || true)" -gt 0 ]; then
  echo "note: rustc is running: other builds compete for the 2 cores" | tee -a "$BENCH_DIR/results/machine.txt"
fi
"$BENCH_ROOT/import.sh"
"$BENCH_ROOT/queries.sh"
"$BENCH_ROOT/http.sh"
log "results in $BENCH_DIR/results"
if [ -s "$BENCH_DIR/skipped.txt" ]; then cat "$BENCH_DIR/skipped.txt"; fi
