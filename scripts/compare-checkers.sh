#!/usr/bin/env bash
# Regenerates the Python checkers' comparison (scripts/compare-checkers.ts) with Prowler, checkov and cfn-lint installed
# from PyPI into venvs of their own (Prowler and checkov pin different boto3 releases), and compares it with
# docs/python-checkers.md: CI fails when a tool's result differs from the page (the tools' version line aside).
#   compare-checkers.sh            check (CI)
#   compare-checkers.sh --write    rewrite docs/python-checkers.md
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
work=$(mktemp -d "${TMPDIR:-/tmp}/compare-checkers-XXXXXX")
trap 'rm -rf "$work"' EXIT
export PIP_CACHE_DIR=$work/pip-cache
started=$(date +%s)
python3 -m venv "$work/prowler" && "$work/prowler/bin/pip" install --quiet --disable-pip-version-check 'prowler>=5.46,<6' 2> >(grep -v "^WARNING: Location" >&2)
python3 -m venv "$work/templates" && "$work/templates/bin/pip" install --quiet --disable-pip-version-check 'checkov>=3.3,<4' cfn-lint 2> >(grep -v "^WARNING: Location" >&2)
echo "tools installed in $(( $(date +%s) - started )) s"
[ -f assets/cli/main/account-contacts.js ] || npx projen bundle
mkdir -p test-reports
output=test-reports/python-checkers.md
PROWLER=$work/prowler/bin/prowler CHECKOV=$work/templates/bin/checkov CFN_LINT=$work/templates/bin/cfn-lint OUTPUT=$output \
  npx ts-node --project tsconfig.dev.json scripts/compare-checkers.ts
if [ "${1:-}" = --write ]; then
  cp "$output" docs/python-checkers.md
  echo "docs/python-checkers.md rewritten"
elif ! diff <(grep -v '^Tools: ' docs/python-checkers.md) <(grep -v '^Tools: ' "$output"); then
  echo "the checkers now report otherwise than docs/python-checkers.md (above): run npx projen compare:checkers -- --write and commit" >&2
  exit 1
else
  echo "docs/python-checkers.md matches what Prowler, checkov and cfn-lint report today ($(grep '^Tools: ' "$output"))"
fi
