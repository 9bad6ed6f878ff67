#!/usr/bin/env bash
# Generates every jsii target of a package and checks, as far as this machine allows without Maven Central, NuGet or
# the Go module proxy, that each one is usable: the wheel's contents here; Python programs run against the wheels in
# scripts/python-end-to-end.sh. Run after the package's jsii compile (it reads .jsii). Fails when a target does not
# generate or does not pass its check.
#   check-bindings.sh [PACKAGE_DIR] [FORBIDDEN]   PACKAGE_DIR: . (the AWS CDK package, default) or packages/cdktf,
#   packages/cdktn; FORBIDDEN: a regular expression no Python requirement may match (another framework's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# What the checks need. Python's build tools: the tests' venv holds them pinned (scripts/test-setup.sh, which
# `npm test` runs first). gofmt: Debian's golang-go when it is missing and we may install it.
python=python3
[ -x "$root/.test-tools/venv/bin/python" ] && python=$root/.test-tools/venv/bin/python
"$python" -c 'import build, setuptools, wheel' 2>/dev/null ||
  { echo "check-bindings: Python's build, setuptools and wheel are missing: run 'bash scripts/test-setup.sh' (npm test runs it) first" >&2; exit 1; }
if ! command -v gofmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null; } ||
      { echo "check-bindings: apt-get could not install golang-go (gofmt)" >&2; exit 1; }
  else
    echo "check-bindings: gofmt is missing: install Go (Debian: sudo apt-get install golang-go)" >&2
    exit 1
  fi
fi
cd "${1:-.}"
forbidden=${2:-provider}
out=dist/bindings
rm -rf "$out"
read -r python_module java_artifact go_module <<<"$(node -e '
  const t = require("./package.json").jsii.targets;
  console.log(t.python.module, t.java.maven.artifactId, t.go.moduleName);')"
go_package=$(node -e 'console.log(require("./package.json").name.replace(/[^a-z0-9]/g, ""))')

echo "--- generate sources: jsii-pacmak --code-only (python, java, dotnet, go)"
node "$root/node_modules/jsii-pacmak/bin/jsii-pacmak" --code-only --targets python java dotnet go --outdir "$out"
for target in python java dotnet go; do
  [ -d "$out/$target" ] || { echo "jsii-pacmak generated no $target sources" >&2; exit 1; }
done

echo "--- python: byte-compile every module, then build the wheel (setuptools, no isolation)"
"$python" -m compileall -q "$out/python/src"
count=$(find "$out/python/src" -name '*.py' | wc -l)
echo "python: $count modules compiled"
(cd "$out/python" && "$python" -m build --no-isolation --skip-dependency-check --wheel --outdir ../wheel >/dev/null)
ls "$out/wheel"/*.whl
python3 - "$out/wheel" "$python_module" "$forbidden" <<'PY'
import re, sys, zipfile, glob
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
module, forbidden = sys.argv[2], sys.argv[3]
names = zipfile.ZipFile(wheel).namelist()
for required in (f"{module}/__init__.py", f"{module}/_jsii/__init__.py"):
    assert required in names, f"{required} missing from {wheel}"
assert any(name.endswith(".jsii.tgz") for name in names), "the npm tarball is missing from the wheel"
archive = zipfile.ZipFile(wheel)
metadata = archive.read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode()
requires = sorted(line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:"))
# Each package requires its own framework only: never provider bindings, never another framework.
assert not any(re.search(forbidden, requirement) for requirement in requires), f"the wheel requires {forbidden}: {requires}"
print(f"python wheel {wheel.split('/')[-1]}: {len(names)} files, with the bundled npm tarball; requires: {', '.join(requires)}")
PY

echo "--- java: every source parses (a full compile needs jars from Maven Central)"
find "$out/java/src" -name '*.java' > "$out/java-sources.txt"
echo "java: $(wc -l < "$out/java-sources.txt") source files"
javac -proc:none -XDshould-stop.ifError=PARSE -XDshould-stop.ifNoError=PARSE -d "$out/java-classes" "@$out/java-sources.txt"
grep -q "<artifactId>$java_artifact</artifactId>" "$out/java/pom.xml"

echo "--- go: gofmt parses every file (-e reports all syntax errors)"
# Formatting itself is not checked: pacmak's code-only output is not gofmt-aligned (its build mode runs go fmt),
# and a full build needs the Go module proxy.
if ! gofmt -e -l "$out/go" > "$out/gofmt-unformatted.txt" 2> "$out/gofmt-errors.txt" || [ -s "$out/gofmt-errors.txt" ]; then
  echo "gofmt found syntax errors:" >&2; cat "$out/gofmt-errors.txt" >&2; exit 1
fi
echo "go: $(find "$out/go" -name '*.go' | wc -l) files parse"
grep -q "module $go_module/$go_package" "$out/go/$go_package/go.mod"

echo "--- dotnet: sources generated (no .NET SDK or NuGet here to compile them)"
cs=$(find "$out/dotnet" -name '*.cs' | wc -l)
[ "$cs" -gt 0 ] || { echo "no C# sources" >&2; exit 1; }
find "$out/dotnet" -name '*.csproj' | grep -q . || { echo "no .csproj" >&2; exit 1; }
echo "dotnet: $cs C# files and the project file"
