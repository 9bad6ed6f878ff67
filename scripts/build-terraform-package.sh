#!/usr/bin/env bash
# Builds one Terraform package (packages/cdktf or packages/cdktn) from the repository's one source, copied with its
# layout, so that no import is rewritten:
#   - the Terraform constructs (src/tf/), which import their framework from src/tf/framework.ts only;
#   - the shared contact model and rules (src/contacts/) and the Terraform resource names (src/protocol/), so that
#     every package validates with the same rule table, written once.
# Two files are the package's own, written here: src/tf/framework.ts (`export * from '<framework>'`) and
# src/index.ts (the constructs and the contact model). The generated sources (packages/<framework>/src) are not
# committed. Then: install the package's peers from its lockfile, jsii compile, and (with --package) the npm tarball
# in dist/js (scripts/check-bindings.sh checks the other languages).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
framework=${1:?usage: build-terraform-package.sh cdktf|cdktn [--package]}
dir=packages/$framework
[ -f "$dir/package.json" ] || { echo "no package in $dir" >&2; exit 2; }

rm -rf "$dir/src" "$dir/lib" "$dir/dist" "$dir/.jsii" "$dir/tsconfig.json"
mkdir -p "$dir/src/protocol"
cp -r src/contacts "$dir/src/contacts"
cp src/protocol/terraform-resources.ts "$dir/src/protocol/"
cp -r src/tf "$dir/src/tf"
# The package's framework: the one module that differs between the packages.
cat > "$dir/src/tf/framework.ts" <<TS
/** The framework of $(node -p "require('./$dir/package.json').name"): written by scripts/build-terraform-package.sh. */
export * from '$framework';
TS
# The package exports the constructs and the contact model: its types appear in the constructs' properties.
printf "export * from './tf';\nexport * from './contacts';\n" > "$dir/src/index.ts"
cat > "$dir/src/.generated" <<TXT
Copied by scripts/build-terraform-package.sh from src/tf, src/contacts and src/protocol: edit those, not this.
TXT

cp LICENSE "$dir/LICENSE"
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null && git -C "$root" diff --exit-code -- "$dir/package-lock.json" >/dev/null \
  || { [ -n "${CI:-}" ] && { echo "npm install changed $dir/package-lock.json: commit the lockfile" >&2; exit 1; }; true; })
(cd "$dir" && node "$root/node_modules/jsii/bin/jsii" --silence-warnings=reserved-word)
echo "$dir: compiled ($(find "$dir/lib" -name '*.js' | wc -l) files)"
# The package's API reference (every construct and property), generated as the root API.md is: CI fails when the
# committed one is out of date.
(cd "$dir" && node "$root/node_modules/jsii-docgen/bin/jsii-docgen" -o API.md)
if [ -n "${CI:-}" ] && ! git -C "$root" diff --quiet -- "$dir/API.md"; then
  echo "$dir/API.md is out of date: run bash scripts/build-terraform-package.sh $framework and commit it" >&2
  git -C "$root" diff --stat -- "$dir/API.md" >&2
  exit 1
fi

if [ "${2:-}" = "--package" ]; then
  (cd "$dir" && node "$root/node_modules/jsii-pacmak/bin/jsii-pacmak" --targets js >/dev/null)
  ls "$dir"/dist/js/*.tgz
fi
