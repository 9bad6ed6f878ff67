#!/usr/bin/env bash
# Python users, for real: the wheels of the three packages built with jsii-pacmak, each installed into a fresh venv
# with its dependencies from PyPI at the versions a user gets today (nothing pinned), then pytest (test/python/):
# the README's Python blocks as written, the Python example apps against the TypeScript ones, and what Python users
# see when they get it wrong. The TypeScript side of each comparison is synthesized in an npm project of its own
# from the packed tarball, at the same aws-cdk-lib / cdktf / cdktn / constructs versions as the venv.
#
# Run after `npx projen compile` and `scripts/build-terraform-package.sh <framework> --package` for both frameworks
# (.ci/run does). Writes test-reports/python-end-to-end.json (versions, timings, counts) and JUnit files.
#   python-end-to-end.sh [cdk|cdktn|cdktf ...]     default: all three
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true CHECKPOINT_DISABLE=1
flavors=("$@")
[ ${#flavors[@]} -gt 0 ] || flavors=(cdk cdktn cdktf)

# PYTHON_END_TO_END_WORK=<folder>: keep (and reuse) the venvs and npm projects there, for reruns while developing.
if [ -n "${PYTHON_END_TO_END_WORK:-}" ]; then
  work=$PYTHON_END_TO_END_WORK; mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/python-end-to-end-XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
# Downloads are cached for this run only (three venvs share aws-cdk-lib's, constructs' and jsii's wheels).
export PIP_CACHE_DIR=$work/pip-cache npm_config_cache=${npm_config_cache:-$HOME/.npm}
mkdir -p test-reports
report=$root/test-reports/python-end-to-end.json
echo '{}' > "$report"

record() { # record FLAVOR JSON: merges JSON under the flavor's key in the report
  python3 - "$report" "$1" "$2" <<'PY'
import json, sys
path, flavor, value = sys.argv[1:]
document = json.load(open(path))
document.setdefault(flavor, {}).update(json.loads(value))
json.dump(document, open(path, "w"), indent=2, sort_keys=True)
PY
}

failed=()
for flavor in "${flavors[@]}"; do
  case $flavor in
    cdk) package_dir=.; framework=aws-cdk-lib; tarball=$root/$(ls dist/js/*.jsii.tgz);;
    cdktn) package_dir=packages/cdktn; framework=cdktn; tarball=$root/$(ls packages/cdktn/dist/js/*.jsii.tgz);;
    cdktf) package_dir=packages/cdktf; framework=cdktf; tarball=$root/$(ls packages/cdktf/dist/js/*.jsii.tgz);;
    *) echo "unknown flavor $flavor (cdk, cdktn, cdktf)" >&2; exit 64;;
  esac
  printf '\n--- %s: wheel (jsii-pacmak), fresh venv, pip install from PyPI\n' "$flavor"
  started=$(date +%s)
  # The release's wheel (dist/python), built once (scripts/built-artifact.sh).
  bash scripts/built-artifact.sh "$package_dir" python
  wheel=$root/$(ls "$package_dir/dist/python/"*.whl)
  venv_python=$work/$flavor-venv/bin/python
  [ -x "$venv_python" ] || python3 -m venv "$work/$flavor-venv"
  requirements=("$wheel" pytest)
  # A Terraform user's app declares the AWS provider with the framework's generated bindings, as on npm.
  case $flavor in
    cdktn) requirements+=(cdktn-provider-aws);;
    cdktf) requirements+=(cdktf-cdktf-provider-aws);;
  esac
  "$venv_python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" 2> >(grep -v "^WARNING: Location" >&2)
  install_seconds=$(( $(date +%s) - started ))
  versions=$("$venv_python" - "$framework" <<'PY'
import importlib.metadata as metadata, json, platform, sys
names = [sys.argv[1], "constructs", "jsii", "typeguard", "pytest", "cdktn-provider-aws", "cdktf-cdktf-provider-aws"]
found = {}
for name in names:
    try:
        found[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
found["python"] = platform.python_version()
print(json.dumps(found))
PY
)
  echo "$flavor venv ($install_seconds s): $versions"
  read -r framework_version constructs_version provider_version <<<"$(python3 -c '
import json, sys
v = json.loads(sys.argv[1])
print(v[sys.argv[2]], v["constructs"], v.get("cdktn-provider-aws") or v.get("cdktf-cdktf-provider-aws") or "-")' "$versions" "$framework")"

  printf -- '--- %s: the TypeScript side, from the packed tarball, on %s %s and constructs %s\n' "$flavor" "$framework" "$framework_version" "$constructs_version"
  reference=$work/$flavor-reference
  npm_packages=("$tarball" "$framework@$framework_version" "constructs@$constructs_version")
  case $flavor in
    # The npm and PyPI releases of the provider bindings are published separately: the newest on npm that is not
    # newer than the venv's (test/python/terraform/test_examples.py says which field this can change).
    cdktn|cdktf)
      binding=@$flavor/provider-aws
      binding_version=$(node -e '
        const [versions, wanted] = [JSON.parse(process.argv[1]), process.argv[2].split(".").map(Number)];
        const older = (v) => { const p = v.split(".").map(Number); for (let i = 0; i < 3; i++) { if (p[i] !== wanted[i]) return p[i] < wanted[i]; } return true; };
        console.log(versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && older(v)).pop());' "$(npm view "$binding" versions --json)" "$provider_version")
      npm_packages+=("$binding@$binding_version")
      record "$flavor" "{\"npmProviderBindings\": \"$binding_version\"}";;
  esac
  bash scripts/typescript-reference.sh "$flavor" "$(node -p "require('$root/$package_dir/package.json').name")" "$reference" "${npm_packages[@]}"

  printf -- '--- %s: pytest test/python/%s\n' "$flavor" "$([ "$flavor" = cdk ] && echo cdk || echo terraform)"
  tests=test/python/$([ "$flavor" = cdk ] && echo cdk || echo terraform)
  started=$(date +%s)
  FLAVOR=$flavor REPOSITORY_ROOT=$root TYPESCRIPT_REFERENCE=$reference/out \
    "$venv_python" -m pytest -p no:cacheprovider -q "$tests" --junitxml="$root/test-reports/python-$flavor.xml" || failed+=("$flavor")
  test_seconds=$(( $(date +%s) - started ))
  counts=$(python3 - "$root/test-reports/python-$flavor.xml" <<'PY'
import json, sys, xml.etree.ElementTree as tree
suite = tree.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
print(json.dumps({key: int(suite.get(key)) for key in ("tests", "failures", "errors", "skipped")}))
PY
)
  # A skipped test proves nothing: every test runs in its venv, or is not collected there.
  [ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["skipped"])' "$counts")" = 0 ] || failed+=("$flavor (skipped tests)")
  record "$flavor" "{\"versions\": $versions, \"installSeconds\": $install_seconds, \"testSeconds\": $test_seconds, \"pytest\": $counts}"
done
echo; cat "$report"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Python end to end failed: ${failed[*]}" >&2
  exit 1
fi
