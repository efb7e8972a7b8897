#!/usr/bin/env bash
# Takes a screenshot of a page (by default GraphiQL at / of a running `thads serve`) in
# headless Chromium with every host but 127.0.0.1 unresolvable, to look at what a person sees.
#
#   tests/browser/screenshot.sh [URL] [OUT.png]
#   e.g. tests/browser/screenshot.sh 'http://127.0.0.1:8000/?run=1' /tmp/graphiql.png
#
# The automated check of the same page is the Rust test
# `api_browser::graphiql_runs_a_query_in_headless_chromium_without_network`.
set -euo pipefail
url=${1:-http://127.0.0.1:8000/}
out=${2:-graphiql.png}
browser=${THADS_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
    echo "no Chromium found: apt-get install -y chromium (or set THADS_CHROMIUM)" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --no-first-run --no-default-browser-check --no-proxy-server \
    --host-resolver-rules='MAP * ~NOTFOUND , EXCLUDE 127.0.0.1' \
    --user-data-dir="$profile" --window-size=1400,900 --virtual-time-budget=20000 \
    --screenshot="$out" "$url" 2>/dev/null
echo "$out"
