#!/usr/bin/env bash
# Refreshes the vendored front-end assets from pinned npm packages, with their licences: the
# GraphiQL page's (graphiql/) and the dashboard's charting library (chartjs/). thads serves these
# files itself so that its pages work in closed networks; never edit them by hand: change a
# version here and rerun this script.
set -euo pipefail
cd "$(dirname "$0")"

GRAPHIQL=3.8.3   # the last GraphiQL with a self-contained browser build (UMD)
REACT=18.3.1     # the last React with UMD builds
CHARTJS=4.6.1    # Chart.js, whose UMD build the dashboard loads

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" \
    "chart.js@$CHARTJS" >/dev/null)
for pkg in "graphiql-$GRAPHIQL" "react-$REACT" "react-dom-$REACT" "chart.js-$CHARTJS"; do
    mkdir -p "$work/$pkg" && tar xzf "$work/$pkg.tgz" -C "$work/$pkg" --strip-components 1
done

out=graphiql
rm -rf "$out" && mkdir -p "$out"
cp "$work/graphiql-$GRAPHIQL/graphiql.min.js" "$work/graphiql-$GRAPHIQL/graphiql.min.css" "$out/"
cp "$work/graphiql-$GRAPHIQL/LICENSE" "$out/LICENSE.graphiql"
cp "$work/react-$REACT/umd/react.production.min.js" "$out/"
cp "$work/react-$REACT/LICENSE" "$out/LICENSE.react"
cp "$work/react-dom-$REACT/umd/react-dom.production.min.js" "$out/"
cp "$work/react-dom-$REACT/LICENSE" "$out/LICENSE.react-dom"
cat > "$out/VERSIONS" <<VERSIONS
graphiql $GRAPHIQL (MIT)
react $REACT (MIT)
react-dom $REACT (MIT)
VERSIONS
echo "GraphiQL assets refreshed in $(pwd)/$out"

out=chartjs
rm -rf "$out" && mkdir -p "$out"
cp "$work/chart.js-$CHARTJS/dist/chart.umd.min.js" "$out/"
cp "$work/chart.js-$CHARTJS/LICENSE.md" "$out/LICENSE.chartjs.md"
echo "chart.js $CHARTJS (MIT)" > "$out/VERSIONS"
echo "Chart.js assets refreshed in $(pwd)/$out"
