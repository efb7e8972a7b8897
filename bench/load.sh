# Sourced by the query and HTTP benchmarks: the ten-year national databases, loaded once by
# load-national and reused while they hold what is expected.
#   national_db sqlite|postgres   → prints the URL (loading first when needed)
# YEARS (default 10) and OFFICES (default all) size them; the CI smoke uses a tiny one.

NATIONAL_YEARS="${YEARS:-10}"
NATIONAL_OFFICES="${OFFICES:-}"
NATIONAL_TAG="y${NATIONAL_YEARS}-o${NATIONAL_OFFICES:-all}"

national_db() {
  local backend="$1" url marker
  case "$backend" in
    sqlite) url="sqlite://$BENCH_DIR/national-$NATIONAL_TAG.db" ;;
    postgres)
      have_pg || return 1
      url="$BENCH_PG/thads_bench_national_${NATIONAL_TAG//-/_}" ;;
  esac
  marker="$BENCH_DIR/.loaded-$backend-$NATIONAL_TAG"
  # The marker holds the number of current reports loaded; a database that no longer holds
  # them (dropped, changed) is loaded again.
  if [ -f "$marker" ] && [ "$(current_reports "$backend" "$url")" != "$(cat "$marker")" ]; then
    rm -f "$marker"
  fi
  if [ ! -f "$marker" ]; then
    log "loading $NATIONAL_YEARS year(s) of national data into $backend"
    if [ "$backend" = sqlite ]; then
      rm -f "$BENCH_DIR/national-$NATIONAL_TAG.db"*
    else
      fresh_pg_db "thads_bench_national_${NATIONAL_TAG//-/_}" >/dev/null
    fi
    "$BIN/load-national" --db "$url" --years "$NATIONAL_YEARS" \
      ${NATIONAL_OFFICES:+--offices "$NATIONAL_OFFICES"} | tail -3 >&2
    current_reports "$backend" "$url" > "$marker"
  fi
  echo "$url"
}

current_reports() {
  local sql="SELECT COUNT(*) FROM reports WHERE is_current"
  case "$1" in
    sqlite) sqlite3 "${2#sqlite://}" "$sql" 2>/dev/null || echo none ;;
    postgres) psql "$2" -qtAc "$sql" 2>/dev/null || echo none ;;
  esac
}
