#!/usr/bin/env bash
# Puts the pinned xterm.js (the dashboard's terminal view) into src/Shepherd.Web/Assets/vendor, from the npm registry
# with `npm pack`: the files are committed and embedded into shepherd-web at build time, so neither a build nor the
# page needs the network. Run it again only to change the pinned versions below.
set -euo pipefail
cd "$(dirname "$0")/.."
XTERM=6.0.0
FIT=0.11.0
out=src/Shepherd.Web/Assets/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@xterm/xterm@$XTERM" "@xterm/addon-fit@$FIT" >/dev/null)
mkdir -p "$out"
tar -xzf "$tmp/xterm-xterm-$XTERM.tgz" -C "$tmp" package/lib/xterm.js package/css/xterm.css package/LICENSE
cp "$tmp/package/lib/xterm.js" "$out/xterm.js"
cp "$tmp/package/css/xterm.css" "$out/xterm.css"
cp "$tmp/package/LICENSE" "$out/xterm.LICENSE"
rm -rf "$tmp/package"
tar -xzf "$tmp/xterm-addon-fit-$FIT.tgz" -C "$tmp" package/lib/addon-fit.js
cp "$tmp/package/lib/addon-fit.js" "$out/addon-fit.js"
printf '@xterm/xterm %s\n@xterm/addon-fit %s\n' "$XTERM" "$FIT" > "$out/VERSIONS"
echo "fetch-web-assets: xterm $XTERM, addon-fit $FIT in $out"
