#!/usr/bin/env bash
# Java users, for real: the jar jsii-pacmak's own Java build makes (a local Maven repository, dist/java: the release's
# artifact, built once by scripts/built-artifact.sh), then
# the Maven project test/java (JUnit 5, Maven Surefire) with aws-cdk-lib, constructs and the jsii runtime from Maven
# Central at the versions the jar's POM names: examples/java against the TypeScript example app (synthesized from
# the packed tarball at the same aws-cdk-lib and constructs versions), and test/python/error-cases.json typed in Java.
# Run after `npx projen package` (dist/js). Writes test-reports/java-*.xml.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true
work=$(mktemp -d "${TMPDIR:-/tmp}/java-end-to-end-XXXXXX")
trap 'rm -rf "$work"' EXIT

printf -- '--- the jar (jsii-pacmak --targets java: dist/java, as a release uploads it)\n'
started=$(date +%s)
bash scripts/built-artifact.sh . java
pom=$(ls dist/java/io/github/cdk-account-contacts/cdk-account-contacts/*/cdk-account-contacts-*.pom)
version=$(basename "$(dirname "$pom")")
# The versions the jar asks for are the ones the tests pin: a user's build resolves the same.
read -r cdk_version constructs_version runtime_version <<<"$(python3 - "$pom" <<'PY'
import sys, xml.etree.ElementTree as tree
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
found = {d.find("m:artifactId", ns).text: d.find("m:version", ns).text for d in tree.parse(sys.argv[1]).getroot().iter("{http://maven.apache.org/POM/4.0.0}dependency")}
print(found["aws-cdk-lib"], found["constructs"], found["jsii-runtime"])
PY
)"
echo "jar $version in $(( $(date +%s) - started )) s: aws-cdk-lib $cdk_version, constructs $constructs_version, jsii-runtime $runtime_version"

printf -- '--- the TypeScript side, from the packed tarball, on aws-cdk-lib %s and constructs %s\n' "$cdk_version" "$constructs_version"
reference=$work/reference
bash scripts/typescript-reference.sh cdk cdk-account-contacts "$reference" "$root/$(ls dist/js/*.jsii.tgz)" \
  "aws-cdk-lib@$cdk_version" "constructs@$constructs_version"

printf -- '--- mvn test (test/java)\n'
started=$(date +%s)
mkdir -p test-reports
# Maven keeps what it resolved from a repository in ~/.m2: this version of the jar must come from this build, never
# from an earlier run's copy.
rm -rf "$HOME/.m2/repository/io/github/cdk-account-contacts"
rm -rf test/java/target
(cd test/java && mvn -B -q -ntp test \
  -Dpackage.repository="file://$root/dist/java" -Dpackage.version="$version" \
  -Daws-cdk-lib.version="$cdk_version" -Dconstructs.version="$constructs_version" -Djsii-runtime.version="$runtime_version" \
  -Dtypescript.reference="$reference/out" -Drepository.root="$root")
reports=$root/test/java/target/surefire-reports
cp "$reports"/TEST-*.xml test-reports/
python3 - "$reports" <<'PY'
import glob, sys, xml.etree.ElementTree as tree
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    suite = tree.parse(path).getroot()
    for key in totals:
        totals[key] += int(suite.get(key))
print(f"JUnit: {totals}")
# A skipped test proves nothing; and the tests must have run at all.
assert totals["skipped"] == 0 and totals["tests"] >= 5, totals
PY
echo "mvn test in $(( $(date +%s) - started )) s"
