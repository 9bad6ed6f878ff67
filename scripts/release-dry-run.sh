#!/usr/bin/env bash
# What a release would upload, built as the release builds it and checked against each registry's rules; nothing
# is published (no registry takes uploads from here). Run after `npx projen package` and
# `scripts/build-terraform-package.sh <framework> --package` (.ci/run does).
#   npm        each tarball: `npm publish --dry-run`, an allow-list of files and a size (check-release-artifacts.py)
#   PyPI       each wheel and sdist: `twine check --strict`, PyPI's size limit, the npm rules inside the wheel
#   Maven      the POM has what Maven Central requires; the sources and javadoc jars are beside the jar
#   Go         the module zip, made and checked by the Go tools' own rules (scripts/go-module-check)
#   NuGet      unreachable here: the C# sources are generated and their package metadata checked
# The artifacts stay in dist/ (and packages/*/dist/): the end-to-end scripts test these very files.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
work=$(mktemp -d "${TMPDIR:-/tmp}/release-dry-run-XXXXXX")
trap 'rm -rf "$work"' EXIT
check() { python3 scripts/check-release-artifacts.py "$@"; }

printf -- '--- the artifacts (jsii-pacmak: python, java, go; the Terraform packages: python)\n'
bash scripts/built-artifact.sh . python java go
# cdktf's and CDK Terrain's Java artifacts and Go modules are not served here: those packages' Java and Go stay
# generated and checked by scripts/check-bindings.sh.
for framework in cdktn cdktf; do bash scripts/built-artifact.sh "packages/$framework" python; done

printf -- '--- the version from the conventional commits (npx projen bump, in clones of HEAD)\n'
# As if v0.1.0 had been released at HEAD: one more `fix:` commit must give 0.1.1, one more breaking `feat!:` commit
# 0.2.0 (below 1.0.0, commit-and-tag-version bumps the minor version for a breaking change and the patch version for
# a feature or a fix), each in the changelog. Commits of its own, so that a shallow clone (HEAD only) checks the same.
bump_after() { # bump_after SUBJECT EXPECTED_VERSION
  local clone=$work/bump-${2//./-}
  git clone -q "$root" "$clone"
  ln -s "$root/node_modules" "$clone/node_modules"
  git -C "$clone" tag v0.1.0
  git -C "$clone" -c user.name=release-dry-run -c user.email=release-dry-run@example.com commit -q --allow-empty -m "$1"
  (cd "$clone" && npx projen bump >"$clone.log" 2>&1) || { cat "$clone.log" >&2; exit 1; }
  local version
  version=$(cat "$clone/dist/version.txt")
  [ "$version" = "$2" ] || { echo "RELEASE CHECK FAILED after v0.1.0 and '$1', bump gave $version, not $2" >&2; exit 1; }
  grep -q "${1#*: }" "$clone/dist/changelog.md" || { echo "RELEASE CHECK FAILED the changelog of $2 does not list '$1'" >&2; exit 1; }
  echo "after v0.1.0 and '$1': $version, in the changelog"
}
bump_after 'fix: a corrected contact check' 0.1.1
bump_after 'feat!: a contact option renamed' 0.2.0

printf -- '--- npm: npm publish --dry-run, files and size\n'
for tarball in dist/js/*.jsii.tgz packages/*/dist/js/*.jsii.tgz; do
  # Outside the project: npm reads the tarball, not this folder's package.json.
  (cd "$work" && npm publish --dry-run --json "$root/$tarball" 2>/dev/null) > "$work/npm.json"
  check npm "$work/npm.json"
done

printf -- '--- PyPI: twine check --strict, size, the bundled tarball\n'
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/release-tools-requirements.txt
for folder in dist/python packages/cdktn/dist/python packages/cdktf/dist/python; do
  "$work/venv/bin/twine" check --strict "$folder"/*
  check pypi "$folder"
done

printf -- '--- Maven Central: the POM, the sources and javadoc jars, the bundled tarball\n'
check maven dist/java

printf -- '--- Go: the module zip by the Go tools, the bundled tarball\n'
module_dir=$(dirname "$(ls dist/go/*/go.mod)")
module_path=$(sed -n 's/^module //p' "$module_dir/go.mod")
check folder "$module_dir"
# The release tags the module with the version jsii-pacmak wrote beside it.
(cd scripts/go-module-check && go run . "$root/$module_dir" "$module_path" "v$(cat "$root/$module_dir/version")")

printf -- '--- NuGet (unreachable): the C# project'"'"'s package metadata\n'
node node_modules/jsii-pacmak/bin/jsii-pacmak --code-only --targets dotnet --outdir "$work/dotnet" >/dev/null
python3 - "$work/dotnet/dotnet" <<'PY'
import sys, xml.etree.ElementTree as tree
from pathlib import Path
projects = sorted(Path(sys.argv[1]).rglob("*.csproj"))
assert len(projects) == 1, projects
properties = {element.tag: (element.text or "").strip() for group in tree.parse(projects[0]).getroot().iter("PropertyGroup") for element in group}
# What nuget.org shows and requires of a package: its id, version, description, authors, license and repository.
required = ["PackageId", "PackageVersion", "Description", "Authors", "RepositoryUrl"]
missing = [name for name in required if not properties.get(name)]
if not (properties.get("PackageLicenseExpression") or properties.get("PackageLicenseFile")):
    missing.append("PackageLicenseExpression")
if missing:
    sys.exit(f"RELEASE CHECK FAILED {projects[0].name}: {', '.join(missing)} missing")
print(f"nuget {properties['PackageId']} {properties['PackageVersion']}: package metadata complete (the .nupkg needs NuGet, unreachable here)")
PY
check folder "$(dirname "$(ls "$work"/dotnet/dotnet/*/*.csproj)")"
