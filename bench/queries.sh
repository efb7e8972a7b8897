#!/usr/bin/env bash
# The query benchmark on ten years of national data (about 2.7 million report rows), on SQLite
# and on PostgreSQL: for each dashboard query, the latency of the GraphQL request executed in
# process beside the domain service it calls and the bare SQL statements that service runs
# (see tests/src/bin/bench-queries.rs). Loads the databases once (bench/load.sh).
#
#   bench/queries.sh        # ITERATIONS=200 RUNS=3 by default; results in $BENCH_DIR/results
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ITERATIONS="${ITERATIONS:-200}"
RESULTS="$BENCH_DIR/results"; mkdir -p "$RESULTS"

build_release
source "$BENCH_ROOT/load.sh"
for backend in sqlite postgres; do
  url="$(national_db "$backend")" || { skip "queries on $backend: no database"; continue; }
  log "query benchmark on $backend"
  "$BIN/bench-queries" --db "$url" --iterations "$ITERATIONS" --runs "$RUNS" \
    | tee "$RESULTS/queries-$backend.txt"
done
