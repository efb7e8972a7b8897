#!/usr/bin/env bash
# The peer under the load of bench/http.sh: PostGraphile v4 with @graphile/pg-aggregates (pinned
# in bench/peer/package.json), one worker per core, serving views over the same PostgreSQL
# tables (bench/peer/schema.sql), answering the same dashboard questions as far as it can
# (bench/peer/queries.template.jsonl, in the order of the thads mix):
#   1 national totals         sums by form (rates: the client divides)
#   2 provinces by rate       sums by province and form, unranked (cannot order grouped
#                             aggregates, nor by a ratio of sums: the client sorts) + names
#   3 a province's offices    the same by office, unranked
#   4 the year's months       sums by month (the month alone: the client subtracts)
#   5 by case group           sums by group and form
#   6 … with the year before  two aliases, one per year
# Targets, gaps to target, completeness and missing-vs-zero are not expressible: none of it is
# asked of the peer. Skipped, with a message, when npm or PostgreSQL is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PEER_PORT="${PEER_PORT:-18090}"
YEAR=2020; MONTHS=9
RESULTS="$BENCH_DIR/results"; mkdir -p "$RESULTS"
SERVER_PID=""
trap stop_server EXIT

command -v npm >/dev/null || { skip "peer: npm is not installed"; exit 0; }
have_pg || { skip "peer: no PostgreSQL server at $BENCH_PG"; exit 0; }
command -v wrk >/dev/null || { skip "peer: wrk is not installed"; exit 0; }
build_release
source "$BENCH_ROOT/load.sh"
url="$(national_db postgres)"
if [ ! -d "$BENCH_ROOT/peer/node_modules/postgraphile" ]; then
  log "installing the peer (npm ci)"
  (cd "$BENCH_ROOT/peer" && npm ci --no-audit --no-fund --silent) || { skip "peer: npm ci failed"; exit 0; }
fi
psql "$url" -q -v ON_ERROR_STOP=1 -f "$BENCH_ROOT/peer/schema.sql" >/dev/null
province="$("$BIN/bench-queries" --largest-province)"
province_id="$(psql "$url" -qtAc "SELECT id FROM units WHERE code = '$province'")"
sed -e "s/@YEAR@/$YEAR/g; s/@PREV_YEAR@/$((YEAR - 1))/g; s/@MONTHS@/$MONTHS/g; s/@PROVINCE_ID@/$province_id/g" \
  "$BENCH_ROOT/peer/queries.template.jsonl" > "$BENCH_DIR/bodies-peer.jsonl"
log "HTTP: the peer (PostGraphile) on postgres, $CONNECTIONS connections, ${DURATION}s × $RUNS"
DATABASE_URL="$url" PORT="$PEER_PORT" node "$BENCH_ROOT/peer/server.js" >"$BENCH_DIR/peer.log" 2>&1 &
SERVER_PID=$!
wait_ready "http://127.0.0.1:$PEER_PORT/graphql" || { echo "FAILED: the peer did not start" >&2; cat "$BENCH_DIR/peer.log" >&2; exit 1; }
# Every query of the mix must answer without errors before it is timed.
while read -r body; do
  answer="$(curl -sf -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PEER_PORT/graphql")" || true
  case "$answer" in *'"errors"'*|"") echo "FAILED: the peer cannot answer $body: $answer" >&2; exit 1 ;; esac
done < "$BENCH_DIR/bodies-peer.jsonl"
load_http "peer-postgres" "http://127.0.0.1:$PEER_PORT/graphql" "$BENCH_DIR/bodies-peer.jsonl"
[ "${EACH:-5}" = 0 ] || load_each "peer-postgres" "http://127.0.0.1:$PEER_PORT/graphql" "$BENCH_DIR/bodies-peer.jsonl"
