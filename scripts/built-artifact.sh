#!/usr/bin/env bash
# built-artifact.sh PACKAGE_DIR TARGET...: makes PACKAGE_DIR/dist/TARGET (jsii-pacmak's own build: python, java, go)
# current. A target already built from the same compiled package (.jsii, lib/, assets/) is kept, so that the release
# dry run and the end-to-end tests build each artifact once and test exactly what a release would upload; the
# stale ones are built by one jsii-pacmak run (the targets in parallel).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
cd "$dir"
sources=(.jsii lib)
[ -d assets ] && sources+=(assets)
current=$(find "${sources[@]}" -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
stale=()
for target in "$@"; do
  [ "$(cat "dist/$target.built-from" 2>/dev/null)" = "$current" ] && [ -d "dist/$target" ] || stale+=("$target")
done
[ ${#stale[@]} -gt 0 ] || exit 0
started=$(date +%s)
for target in "${stale[@]}"; do rm -rf "dist/$target" "dist/$target.built-from"; done
JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 node "$root/node_modules/jsii-pacmak/bin/jsii-pacmak" --targets "${stale[@]}" --outdir dist >/dev/null
for target in "${stale[@]}"; do echo "$current" > "dist/$target.built-from"; done
echo "$dir: built ${stale[*]} (jsii-pacmak) in $(( $(date +%s) - started )) s" >&2
