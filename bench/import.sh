#!/usr/bin/env bash
# The import benchmark: one national month (about 700 workbooks) imported with `thads import`
# into SQLite and into PostgreSQL, beside the floor (calamine reading every cell of the same
# files, no checks, no database) and the analyst's tool (pandas read_excel + to_sql of the same
# rows). Three months (about 2 100 workbooks) show whether memory stays flat in the number of
# files. Between the floor and a whole import sits `floor --check`: the importer's reading and
# checking of the same files, still without a database. Wall time and peak memory (max RSS) come from /usr/bin/time; each figure is the median
# of $RUNS runs, with the spread (min–max).
#
#   bench/import.sh                 # writes $BENCH_DIR/results/import.txt and prints it
#   OFFICES=20 MONTHS_BIG=2 RUNS=1 bench/import.sh   # a smaller version (the CI smoke uses it)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OFFICES="${OFFICES:-}"            # empty: every office of the national registry
MONTHS_BIG="${MONTHS_BIG:-3}"     # months of the larger data set
PANDAS="${PANDAS:-1}"             # 0 skips the analyst's tool
YEAR=2020
RESULTS="$BENCH_DIR/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/import.txt"
WORK="$BENCH_DIR/import-work"; rm -rf "$WORK"; mkdir -p "$WORK"

[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }

# Data: months 1..N of one year for every office (or the first $OFFICES), made once.
make_data() {
  local months="$1"
  local dir="$BENCH_DIR/national-${OFFICES:-all}-m$months"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    log "generating $months month(s) of national workbooks in $dir"
    "$BIN/make-national" --months "$months" --years "$YEAR" ${OFFICES:+--offices "$OFFICES"} "$dir" >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

# One measured command: appends "NAME WALL RSS_KB" to $WORK/measures.
measure() {
  local name="$1"; shift
  local prefix="$WORK/$name.$RANDOM"
  if ! timed "$prefix" "$@"; then
    echo "FAILED: $name: $*" >&2; tail -20 "$prefix.err" >&2; tail -5 "$prefix.out" >&2
    exit 1
  fi
  echo "$name $(cat "$prefix.time")" >> "$WORK/measures"
  echo "$prefix"
}

# Checks that an import stored every workbook: reports = 2 × files.
check_reports() {
  local what="$1" got="$2" files="$3"
  if [ "$got" != "$((files * 2))" ]; then
    echo "FAILED: $what stored $got reports, expected $((files * 2))" >&2; exit 1
  fi
}

thads_sqlite() {
  local label="$1" dir="$2" files="$3"
  local db="$WORK/thads.db"
  rm -f "$db" "$db-wal" "$db-shm"
  "$BIN/thads" units import "$dir/units.csv" --db "sqlite://$db" >/dev/null
  measure "$label" "$BIN/thads" import --db "sqlite://$db" "$dir/workbooks" >/dev/null
  check_reports "$label" "$(sqlite3 "$db" 'SELECT COUNT(*) FROM reports WHERE is_current')" "$files"
}

thads_pg() {
  local label="$1" dir="$2" files="$3" url
  url="$(fresh_pg_db thads_bench_import)"
  "$BIN/thads" units import "$dir/units.csv" --db "$url" >/dev/null
  # Loopback without TLS, as the peer and pandas connect: with the server's ssl=on, rustls
  # negotiates TLS on each new pool connection (about 0.1 s each here), a start-up cost that
  # says nothing about importing.
  measure "$label" "$BIN/thads" import --db "$url?sslmode=disable" "$dir/workbooks" >/dev/null
  check_reports "$label" "$(psql "$url" -qtAc 'SELECT COUNT(*) FROM reports WHERE is_current')" "$files"
  drop_pg_db thads_bench_import
}

pandas_run() {
  local label="$1" dir="$2" target="$3"
  measure "$label" "$VENV/bin/python" "$BENCH_ROOT/analyst/import_pandas.py" --db "$target" "$dir/workbooks" >/dev/null
}

main() {
  build_release
  local small big n_small n_big
  small="$(make_data 1)"; big="$(make_data "$MONTHS_BIG")"
  n_small="$(find "$small/workbooks" -name '*.xlsx' | wc -l)"
  n_big="$(find "$big/workbooks" -name '*.xlsx' | wc -l)"
  local pg=1; have_pg || { pg=0; skip "import into PostgreSQL: no server at $BENCH_PG"; }
  if [ "$PANDAS" = 1 ]; then ensure_venv; fi
  : > "$WORK/measures"
  for run in $(seq 1 "$RUNS"); do
    log "import run $run of $RUNS"
    measure floor_small "$BIN/floor" "$small/workbooks" >/dev/null
    measure check_small "$BIN/floor" --check "$small/units.csv" "$small/workbooks" >/dev/null
    thads_sqlite thads_sqlite_small "$small" "$n_small"
    [ "$pg" = 1 ] && thads_pg thads_pg_small "$small" "$n_small"
    measure floor_big "$BIN/floor" "$big/workbooks" >/dev/null
    thads_sqlite thads_sqlite_big "$big" "$n_big"
    [ "$pg" = 1 ] && thads_pg thads_pg_big "$big" "$n_big"
    if [ "$PANDAS" = 1 ]; then
      rm -f "$WORK/pandas.db"
      pandas_run pandas_sqlite_small "$small" "sqlite:///$WORK/pandas.db"
      if [ "$pg" = 1 ]; then
        fresh_pg_db thads_bench_pandas >/dev/null
        pandas_run pandas_pg_small "$small" "postgresql+psycopg2://${BENCH_PG#postgres://}/thads_bench_pandas"
        drop_pg_db thads_bench_pandas
      fi
    fi
  done
  report "$n_small" "$n_big" | tee "$OUT"
}

# The table: median wall time, spread, workbooks/s, median max RSS, ratio to the floor.
report() {
  local n_small="$1" n_big="$2"
  python3 - "$WORK/measures" "$n_small" "$n_big" "$RUNS" <<'PY'
import sys, statistics
path, n_small, n_big, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
m = {}
for line in open(path):
    name, wall, rss = line.split()
    m.setdefault(name, []).append((float(wall), int(rss)))
def med(name, i): return statistics.median(x[i] for x in m[name])
print(f"Import benchmark: median of {runs} run(s); wall time from /usr/bin/time (process start to exit)")
print(f"{'what':<22} {'files':>6} {'wall s':>8} {'spread s':>15} {'files/s':>8} {'max RSS MB':>10} {'× floor':>8}")
for name in ["floor_small", "check_small", "thads_sqlite_small", "thads_pg_small", "pandas_sqlite_small", "pandas_pg_small",
             "floor_big", "thads_sqlite_big", "thads_pg_big"]:
    if name not in m: continue
    n = n_small if name.endswith("small") else n_big
    floor = med("floor_" + name.rsplit("_", 1)[1], 0)
    walls = [x[0] for x in m[name]]
    w = med(name, 0)
    print(f"{name:<22} {n:>6} {w:>8.2f} {min(walls):>7.2f}–{max(walls):<7.2f} {n / w:>8.1f} {med(name, 1) / 1024:>10.1f} {w / floor:>7.2f}×")
for be in ["sqlite", "pg"]:
    a, b = f"thads_{be}_small", f"thads_{be}_big"
    if a in m and b in m:
        print(f"memory flatness {be}: max RSS {med(a,1)/1024:.1f} MB for {n_small} files, {med(b,1)/1024:.1f} MB for {n_big} files ({med(b,1)/med(a,1):.2f}×)")
    p = f"pandas_{be}_small"
    if a in m and p in m:
        print(f"analyst's tool {be}: pandas takes {med(p,0)/med(a,0):.2f}× thads's wall time")
PY
}

main "$@"
