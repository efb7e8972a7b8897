#!/usr/bin/env bash
# Refreshes the GraphiQL page's assets from pinned npm packages, with their licences.
# thads serves these files itself so that GraphiQL works in closed networks; never edit them
# by hand: change a version here and rerun this script.
set -euo pipefail
cd "$(dirname "$0")"

GRAPHIQL=3.8.3   # the last GraphiQL with a self-contained browser build (UMD)
REACT=18.3.1     # the last React with UMD builds

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for pkg in "graphiql-$GRAPHIQL" "react-$REACT" "react-dom-$REACT"; do
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
