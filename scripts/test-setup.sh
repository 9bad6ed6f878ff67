#!/usr/bin/env bash
# The test command's set-up: `npm test` (projen's test task) runs it first. It brings what the tests need wherever a
# registry can bring it, and otherwise stops before any test with one message naming what is missing and how to
# provide it. Idempotent: a second run finds everything in place in a second or two.
#
# - moto_server, cfn-lint and the AWS CLI (and Python's build tools for the binding checks): a project venv,
#   .test-tools/venv, at the versions pinned in scripts/test-tools-requirements.txt; the test task puts its bin/
#   first on PATH. Never the machine's Python.
# - Chromium (the HTML report is tested in it): Debian's package, installed when missing and the user is root.
# - terraform and its AWS provider mirror (no registry here serves them): checked only.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.test-tools/venv
requirements=scripts/test-tools-requirements.txt

stop() {
  printf '\ntest set-up: %s\n\n' "$*" >&2
  exit 1
}

# 1. The Python tools, pinned, in the project's venv.
python=$(command -v python3 || true)
[ -n "$python" ] || stop "python3 (3.9 or later, with its venv module) is missing: Debian: apt-get install python3 python3-venv"
# The interpreter itself, not the link or shim that found it: the venv points at it, and must outlive that link.
python=$("$python" -c 'import os, sys; print(os.path.realpath(sys.executable))')
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements-sha256" 2>/dev/null || true)" != "$wanted" ]; then
  echo "test set-up: installing moto[server], cfn-lint and the AWS CLI into $venv (pinned in $requirements; about a minute)"
  rm -rf "$venv"
  "$python" -m venv "$venv" || stop "python3 -m venv failed: Debian: apt-get install python3-venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" ||
    stop "pip could not install $requirements from PyPI into $venv: is PyPI reachable (or a mirror set in pip's configuration)?"
  echo "$wanted" > "$venv/.requirements-sha256"
fi
for tool in moto_server cfn-lint aws; do
  [ -x "$venv/bin/$tool" ] || stop "$venv/bin/$tool is missing after the install: remove $venv and run again"
done

# 2. Chromium, for the HTML report's tests (test/support/browser.ts looks at $CHROMIUM, else /usr/bin/chromium).
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test set-up: installing Debian's chromium (the HTML report is tested in it; about a minute)"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      stop "apt-get could not install chromium"
    [ -x "$chromium" ] || stop "chromium was installed, but not at $chromium: set CHROMIUM to its path"
  else
    stop "no Chromium at $chromium (the HTML report is tested in it): install Debian's package with 'sudo apt-get install chromium', or set CHROMIUM to a Chromium binary"
  fi
fi

# 3. terraform and a filesystem mirror of its AWS provider: no registry here serves them, so they are checked only.
command -v terraform >/dev/null 2>&1 ||
  stop "terraform is missing (1.5 or later; the Terraform packages are tested with it): install it from https://developer.hashicorp.com/terraform/install and put it on PATH"
mirror=${TF_PLUGIN_MIRROR:-}
if [ -z "$mirror" ]; then
  for candidate in /opt/tf-plugins /usr/local/share/tf-plugins /srv/tf-plugins $(find / -maxdepth 2 -type d -name tf-plugins 2>/dev/null); do
    if [ -d "$candidate" ]; then
      mirror=$candidate
      break
    fi
  done
fi
if [ -z "$mirror" ] || [ ! -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  stop "no Terraform AWS provider mirror${mirror:+ at $mirror}: the tests look in \$TF_PLUGIN_MIRROR, else /opt/tf-plugins, /usr/local/share/tf-plugins, /srv/tf-plugins or a tf-plugins folder two levels below /. Make one on a machine that reaches the registry (terraform providers mirror <folder>, with a configuration requiring hashicorp/aws 5.x), copy it here and set TF_PLUGIN_MIRROR to it"
fi
