#!/usr/bin/env bash
# A change Java or Go users cannot take fails CI: the Java and Go example apps (examples/java, examples/go) are
# compiled against bindings jsii-pacmak generates from the compiled package (.jsii), once as it is (they must
# compile) and once with a struct property renamed in the assembly, as a release with that rename would ship it
# (AlternateContact.emailAddress becomes `email`): both must then fail, naming the property. This is the gate
# scripts/java-end-to-end.sh and scripts/go-end-to-end.sh hold on every change; here it is shown to close.
# Run after both (the Maven and Go module caches hold the dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 GOFLAGS=-buildvcs=false
work=$(mktemp -d "${TMPDIR:-/tmp}/binding-break-XXXXXX")
trap 'rm -rf "$work"' EXIT

# The Java example's class path without the library itself: aws-cdk-lib, constructs, the jsii runtime.
(cd test/java && mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
  -Dpackage.repository="file://$root/dist/java" >/dev/null)
classpath=$(tr ':' '\n' < "$work/classpath.txt" | grep -v '/cdk-account-contacts/' | paste -sd: -)

# compile VARIANT: compiles the example apps against the Java and Go bindings generated in $work/VARIANT/dist;
# writes $work/VARIANT-java.txt and -go.txt; returns how many languages failed.
compile() {
  local variant=$1 package=$work/$1 failed=0
  mkdir -p "$work/$variant-classes"
  javac -d "$work/$variant-classes" -cp "$classpath" $(find "$package/dist/java/src/main/java" examples/java -name '*.java') \
    > "$work/$variant-java.txt" 2>&1 || failed=$((failed + 1))
  cp -r examples/go "$work/$variant-example"
  local module_dir
  module_dir=$(dirname "$(ls "$package"/dist/go/*/go.mod)")
  (cd "$work/$variant-example" && go mod edit -replace "$(sed -n 's/^module //p' "$module_dir/go.mod")=$module_dir" &&
    go vet ./...) > "$work/$variant-go.txt" 2>&1 || failed=$((failed + 1))
  return "$failed"
}

# The package as jsii-pacmak reads it: package.json, the assembly, the compiled code and its assets.
for variant in unchanged renamed; do
  mkdir -p "$work/$variant"
  cp -r package.json .jsii lib assets README.md LICENSE "$work/$variant/"
  ln -s "$root/node_modules" "$work/$variant/node_modules"
done
python3 - "$work/renamed/.jsii" <<'PY'
import json, sys
path = sys.argv[1]
assembly = json.load(open(path))
for prop in assembly["types"]["cdk-account-contacts.AlternateContact"]["properties"]:
    if prop["name"] == "emailAddress":
        prop["name"] = "email"
json.dump(assembly, open(path, "w"))
PY

for variant in unchanged renamed; do
  node node_modules/jsii-pacmak/bin/jsii-pacmak --code-only --targets java go --outdir "$work/$variant/dist" "$work/$variant" >/dev/null
done

printf -- '--- the bindings as they are: the Java and Go example apps compile\n'
compile unchanged || { cat "$work"/unchanged-*.txt >&2; echo "the example apps do not compile against the unchanged bindings" >&2; exit 1; }
echo "Java and Go: compiled"

printf -- '--- AlternateContact.emailAddress renamed to email: both must fail, naming it\n'
if compile renamed; then
  echo "the example apps still compile with a renamed property: the gate does not hold" >&2; exit 1
fi
grep -q 'symbol: *method emailAddress' "$work/renamed-java.txt" || { cat "$work/renamed-java.txt" >&2; echo "javac did not fail on emailAddress" >&2; exit 1; }
grep -q 'EmailAddress' "$work/renamed-go.txt" || { cat "$work/renamed-go.txt" >&2; echo "go vet did not fail on EmailAddress" >&2; exit 1; }
echo "Java: $(grep -m1 -B2 'symbol: *method emailAddress' "$work/renamed-java.txt" | sed "s#$work/##" | paste -sd' ' - | tr -s ' ')"
echo "Go: $(grep -m1 'EmailAddress' "$work/renamed-go.txt" | sed "s#$work/##")"
