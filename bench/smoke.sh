#!/usr/bin/env bash
# A seconds-long version of every benchmark, for CI: it checks that each one still runs and
# that what it measures is right, not how fast it is (no timing is asserted).
#   1 make-national: 20 workbooks of the national registry; the floor reads them
#   2 thads import of them into SQLite (and PostgreSQL when a server answers): every one stored
#   3 the direct loader stores the same month: the same national sums as the import
#   4 the analyst's tool, when its Python environment exists ($BENCH_VENV)
#   5 bench-queries on a tiny database (2 years, 30 offices), a few iterations
#   6 wrk for 2 s against `thads serve` on it, when wrk is installed: no errors
#   7 the peer for 2 s, when npm and PostgreSQL are there
# Prints what it skipped; exits non-zero on any real failure. About 30 s after the build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export BENCH_DIR="$BENCH_DIR/smoke"
rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR/results"
RESULTS="$BENCH_DIR/results"
SERVER_PID=""
trap stop_server EXIT
started=$SECONDS
build_release
log "1 make-national (20 workbooks) and the floor"
"$BIN/make-national" --months 1 --years 2020 --offices 20 "$BENCH_DIR/data"
n="$(find "$BENCH_DIR/data/workbooks" -name '*.xlsx' | wc -l)"
[ "$n" = 20 ] || { echo "FAILED: expected 20 workbooks, found $n" >&2; exit 1; }
"$BIN/floor" "$BENCH_DIR/data/workbooks"

log "2 thads import"
db="$BENCH_DIR/import.db"
"$BIN/thads" units import "$BENCH_DIR/data/units.csv" --db "sqlite://$db" >/dev/null
"$BIN/thads" import --db "sqlite://$db" "$BENCH_DIR/data/workbooks" > "$BENCH_DIR/import.out" \
  || { echo "FAILED: thads import rejected files" >&2; grep -v '^imported' "$BENCH_DIR/import.out" | head -30 >&2; exit 1; }
got="$(sqlite3 "$db" 'SELECT COUNT(*) FROM reports WHERE is_current')"
[ "$got" = 40 ] || { echo "FAILED: 20 workbooks stored $got reports, expected 40" >&2; exit 1; }
echo "SQLite: 20 workbooks imported, 40 reports"
if have_pg; then
  url="$(fresh_pg_db thads_bench_smoke)"
  "$BIN/thads" units import "$BENCH_DIR/data/units.csv" --db "$url" >/dev/null
  "$BIN/thads" import --db "$url" "$BENCH_DIR/data/workbooks" >/dev/null || { echo "FAILED: import into PostgreSQL" >&2; exit 1; }
  got="$(psql "$url" -qtAc 'SELECT COUNT(*) FROM reports WHERE is_current')"
  drop_pg_db thads_bench_smoke
  [ "$got" = 40 ] || { echo "FAILED: PostgreSQL stored $got reports, expected 40" >&2; exit 1; }
  echo "PostgreSQL: 20 workbooks imported, 40 reports"
else
  skip "import into PostgreSQL: no server at $BENCH_PG"
fi

log "3 the direct loader stores what the import stores"
loaded="$BENCH_DIR/loaded.db"
"$BIN/load-national" --db "sqlite://$loaded" --years 1 --last-year 2020 --months 1 --offices 20
sums="SELECT r.form, COUNT(*), SUM(rr.completed), SUM(rr.enforceable), SUM(COALESCE(rr.reduced, 0)), \
  SUM(rr.carried_forward) FROM report_rows rr JOIN reports r ON r.id = rr.report_id \
  WHERE r.is_current GROUP BY r.form ORDER BY r.form"
hashes="SELECT u.code || ' ' || r.form || ' ' || r.content_hash FROM reports r JOIN units u ON u.id = r.unit_id \
  WHERE r.is_current ORDER BY 1"
a="$(sqlite3 "$db" "$sums")"; b="$(sqlite3 "$loaded" "$sums")"
[ "$a" = "$b" ] || { echo "FAILED: imported and loaded sums differ:" >&2; echo "$a" >&2; echo "$b" >&2; exit 1; }
[ "$(sqlite3 "$db" "$hashes")" = "$(sqlite3 "$loaded" "$hashes")" ] \
  || { echo "FAILED: imported and loaded reports have other content hashes" >&2; exit 1; }
echo "the same sums and content hashes: $(echo "$a" | tr '\n' ' ')"
# Both keep each report's totals per case group equal to its rows' sums.
totals_differ="SELECT COUNT(*) FROM (SELECT rr.report_id, ct.parent_id, SUM(rr.completed), \
  SUM(rr.enforceable), SUM(rr.reduced), SUM(rr.carried_forward) FROM report_rows rr \
  JOIN case_types ct ON ct.id = rr.case_type_id GROUP BY rr.report_id, ct.parent_id \
  EXCEPT SELECT report_id, case_type_id, completed, enforceable, reduced, carried_forward \
  FROM report_totals)"
for d in "$db" "$loaded"; do
  [ "$(sqlite3 "$d" "$totals_differ")" = 0 ] \
    || { echo "FAILED: $d holds report totals that are not its rows' sums" >&2; exit 1; }
done
echo "every report's totals are its rows' sums"
# And the period sums (per parent unit, period, form and case group) the current rows added up,
# both ways round (a missing row or one too many counts).
current_sums="SELECT r.year, r.months, r.form, u.parent_id, ct.parent_id, COUNT(DISTINCT r.id), \
  SUM(rr.completed), SUM(rr.enforceable), SUM(rr.reduced), SUM(rr.carried_forward) \
  FROM report_rows rr JOIN reports r ON r.id = rr.report_id JOIN units u ON u.id = r.unit_id \
  JOIN case_types ct ON ct.id = rr.case_type_id WHERE r.is_current \
  GROUP BY r.year, r.months, r.form, u.parent_id, ct.parent_id"
stored_sums="SELECT year, months, form, unit_id, case_type_id, offices, completed, enforceable, \
  reduced, carried_forward FROM period_sums"
sums_differ="SELECT (SELECT COUNT(*) FROM ($current_sums EXCEPT $stored_sums)) \
  + (SELECT COUNT(*) FROM ($stored_sums EXCEPT $current_sums))"
for d in "$db" "$loaded"; do
  [ "$(sqlite3 "$d" "$sums_differ")" = 0 ] \
    || { echo "FAILED: $d holds period sums that are not its current rows added up" >&2; exit 1; }
done
echo "every period's sums are its current rows added up"

log "4 the analyst's tool"
if [ -x "$VENV/bin/python" ] || [ -x "${BENCH_VENV:-/nonexistent}/bin/python" ]; then
  "$VENV/bin/python" "$BENCH_ROOT/analyst/import_pandas.py" --db "sqlite:///$BENCH_DIR/pandas.db" "$BENCH_DIR/data/workbooks"
else
  skip "the analyst's tool: no Python environment at $VENV (bench/import.sh creates it)"
fi

log "5 bench-queries on a tiny database"
tiny="sqlite://$BENCH_DIR/tiny.db"
"$BIN/load-national" --db "$tiny" --years 2 --offices 30 | tail -1
"$BIN/bench-queries" --db "$tiny" --iterations 5 --runs 1 | tee "$RESULTS/queries.txt"
[ "$(grep -c '^result ' "$RESULTS/queries.txt")" = 9 ] || { echo "FAILED: bench-queries did not time every query" >&2; exit 1; }

log "6 wrk against thads serve"
if command -v wrk >/dev/null; then
  "$BIN/bench-queries" --wrk-bodies > "$BENCH_DIR/bodies-thads.jsonl"
  PORT="${PORT:-18081}"
  "$BIN/thads" serve --public-read --db "$tiny" --bind "127.0.0.1:$PORT" >"$BENCH_DIR/serve.log" 2>&1 &
  SERVER_PID=$!
  wait_ready "http://127.0.0.1:$PORT/graphql" || { echo "FAILED: thads serve did not start" >&2; cat "$BENCH_DIR/serve.log" >&2; exit 1; }
  RUNS=1 DURATION=2 load_http thads-sqlite "http://127.0.0.1:$PORT/graphql" "$BENCH_DIR/bodies-thads.jsonl"
  grep -q 'requests=[1-9]' "$RESULTS/http-thads-sqlite.txt" || { echo "FAILED: no request answered" >&2; exit 1; }
  stop_server
else
  skip "HTTP throughput: wrk is not installed"
fi

log "7 the peer"
if command -v npm >/dev/null && have_pg && command -v wrk >/dev/null; then
  EACH=0 RUNS=1 DURATION=2 YEARS=2 OFFICES=30 "$BENCH_ROOT/peer.sh"
  # peer.sh loads its own tiny database; drop it.
  drop_pg_db thads_bench_national_y2_o30
else
  skip "the peer: needs npm, PostgreSQL and wrk"
fi

echo
echo "smoke: every benchmark ran in $((SECONDS - started)) s"
if [ -s "$BENCH_DIR/skipped.txt" ]; then echo "skipped:"; cat "$BENCH_DIR/skipped.txt"; fi
