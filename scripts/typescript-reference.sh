#!/usr/bin/env bash
# The TypeScript side of the Python, Java and Go end-to-end comparisons: in an npm project of its own under WORK,
# with the packed package in place of '../src' and the npm packages given (the framework and constructs at the
# versions the other language resolved), test/python/reference.ts synthesizes the example app (and, for the
# Terraform flavors, the package README's example) and records the message TypeScript users get for each input of
# test/python/error-cases.json, into WORK/out.
#   typescript-reference.sh FLAVOR PACKAGE_NAME WORK NPM_PACKAGE...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
flavor=$1 package_name=$2 reference=$3
shift 3
mkdir -p "$reference/src/tf" "$reference/examples" "$reference/test/python" "$reference/out"
(cd "$reference" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error "$@" >/dev/null)
# The examples import the library as '../src' (and '../src/tf'): here that is the published package.
echo "export * from '$package_name';" > "$reference/src/index.ts"
cp "$reference/src/index.ts" "$reference/src/tf/index.ts"
cp "$root/examples/example-app.ts" "$root/examples/terraform-app.ts" "$reference/examples/"
cp "$root/test/python/reference.ts" "$reference/test/python/"
echo '{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "esModuleInterop": true, "rootDir": "." } }' > "$reference/tsconfig.json"
(cd "$reference" && node "$root/node_modules/ts-node/dist/bin.js" --transpile-only test/python/reference.ts "$flavor" "$root" "$reference/out")
