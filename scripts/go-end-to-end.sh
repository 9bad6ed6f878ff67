#!/usr/bin/env bash
# Go users, for real: the module jsii-pacmak's own Go build makes (dist/go/cdkaccountcontacts), then the Go module
# test/go (`go test`), which reaches it and examples/go through `replace`, with aws-cdk-go, constructs-go and
# jsii-runtime-go from the Go module proxy at the versions the module requires: examples/go against the TypeScript
# example app (synthesized from the packed tarball at the same aws-cdk-lib and constructs versions), the README's Go
# block as written, and test/python/error-cases.json typed as Go structs.
# Run after `npx projen package` (dist/js). Writes test-reports/go-end-to-end.json (go test -json).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true GOFLAGS=-buildvcs=false
work=$(mktemp -d "${TMPDIR:-/tmp}/go-end-to-end-XXXXXX")
trap 'rm -rf "$work"' EXIT

printf -- '--- the module (jsii-pacmak --targets go: dist/go, as a release uploads it)\n'
started=$(date +%s)
bash scripts/built-artifact.sh . go
module_dir=$(dirname "$(ls dist/go/*/go.mod)")
echo "module $(sed -n 's/^module //p' "$module_dir/go.mod") in $(( $(date +%s) - started )) s"

printf -- '--- what Go resolves (test/go)\n'
# Go's minimal version selection over the module's requirements and the tests': the versions a user's build takes.
version_of() { (cd test/go && go list -m -f '{{.Version}}' "$1"); }
cdk_version=$(version_of github.com/aws/aws-cdk-go/awscdk/v2)
constructs_version=$(version_of github.com/aws/constructs-go/constructs/v10)
runtime_version=$(version_of github.com/aws/jsii-runtime-go)
echo "aws-cdk-go $cdk_version, constructs-go $constructs_version, jsii-runtime-go $runtime_version, $(go version)"

printf -- '--- the TypeScript side, from the packed tarball, on aws-cdk-lib %s and constructs %s\n' "${cdk_version#v}" "${constructs_version#v}"
reference=$work/reference
bash scripts/typescript-reference.sh cdk cdk-account-contacts "$reference" "$root/$(ls dist/js/*.jsii.tgz)" \
  "aws-cdk-lib@${cdk_version#v}" "constructs@${constructs_version#v}"

printf -- '--- gofmt and go vet (examples/go, test/go)\n'
unformatted=$(gofmt -l examples/go test/go)
[ -z "$unformatted" ] || { echo "not gofmt-formatted: $unformatted" >&2; exit 1; }
(cd examples/go && go vet ./...)
(cd test/go && go vet ./...)

printf -- '--- go test (test/go)\n'
started=$(date +%s)
mkdir -p test-reports
status=0
(cd test/go && REPOSITORY_ROOT=$root TYPESCRIPT_REFERENCE=$reference/out go test -count=1 -json ./...) \
  > test-reports/go-end-to-end.json || status=$?
python3 - test-reports/go-end-to-end.json <<'PY'
import collections, json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
outcomes = collections.Counter(event["Action"] for event in events if event.get("Test") and event["Action"] in ("pass", "fail", "skip"))
for event in events:
    if event.get("Action") == "output" and (event.get("Test") is None or "--- FAIL" in event["Output"] or "_test.go:" in event["Output"]):
        sys.stdout.write(event["Output"])
print(f"go test: {dict(outcomes)}")
# A skipped test proves nothing; and the tests must have run at all.
assert outcomes["skip"] == 0 and outcomes["fail"] == 0 and outcomes["pass"] >= 12, outcomes
PY
[ "$status" = 0 ] || { echo "go test failed ($status)" >&2; exit 1; }
echo "go test in $(( $(date +%s) - started )) s"
