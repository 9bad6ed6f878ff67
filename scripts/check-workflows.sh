#!/usr/bin/env bash
# The GitHub workflows projen writes (build, release, upgrade-main, pull-request-lint), checked with actionlint from
# the Go module proxy, pinned: syntax, expressions, job dependencies, action inputs, and (with shellcheck on PATH)
# the run scripts with shellcheck (Debian's, installed here when missing). Every workflow the release needs must be
# there.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }; } ||
      { echo "check-workflows: apt-get could not install shellcheck" >&2; exit 1; }
  else
    echo "check-workflows: shellcheck is missing (Debian: sudo apt-get install shellcheck)" >&2; exit 1
  fi
fi
for workflow in build release upgrade-main pull-request-lint; do
  [ -f ".github/workflows/$workflow.yml" ] || { echo "check-workflows: .github/workflows/$workflow.yml is missing" >&2; exit 1; }
done
# Warnings and errors fail; shellcheck's info and style notes on projen's generated steps (an unquoted
# $GITHUB_OUTPUT, a deliberate `A && B || C`) do not.
SHELLCHECK_OPTS=--severity=warning GOFLAGS=-buildvcs=false go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 -no-color .github/workflows/*.yml
# The release publishes every target: a job per registry.
for job in release_npm release_maven release_pypi release_nuget release_golang; do
  grep -q "^  $job:" .github/workflows/release.yml || { echo "check-workflows: release.yml has no $job job" >&2; exit 1; }
done
# Maven Central's legacy OSSRH is closed: the release goes through the Central Portal's OSSRH staging API.
grep -q 'MAVEN_SERVER_ID: central-ossrh' .github/workflows/release.yml || { echo "check-workflows: release_maven does not publish through central-ossrh" >&2; exit 1; }
echo "actionlint with $(shellcheck --version | sed -n 's/^version: /shellcheck /p'): $(ls .github/workflows/*.yml | wc -l) workflows, no finding; release.yml publishes to npm, Maven Central, PyPI, NuGet and Go"
