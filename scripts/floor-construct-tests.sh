#!/usr/bin/env bash
# Runs the AWS CDK construct tests with another aws-cdk-lib (the peer floor): it is installed apart, and jest maps
# every 'aws-cdk-lib' import of the library and of the tests to it (types still come from the project's own).
# Usage: floor-construct-tests.sh <aws-cdk-lib version>
set -euo pipefail
version="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
floor="$(mktemp -d)"
trap 'rm -rf "$floor"' EXIT
(cd "$floor" && npm init -y > /dev/null && npm install --no-audit --no-fund --loglevel=error "aws-cdk-lib@$version" "constructs@^10.5.1" > install.log 2>&1) || { cat "$floor/install.log"; exit 1; }
cd "$root"
config=$(node -e '
  const jest = require("./package.json").jest;
  const floor = process.argv[1] + "/node_modules/";
  console.log(JSON.stringify({
    ...jest, rootDir: process.cwd(), collectCoverage: false, reporters: ["default"],
    moduleNameMapper: { "^aws-cdk-lib$": floor + "aws-cdk-lib", "^aws-cdk-lib/(.*)$": floor + "aws-cdk-lib/$1", "^constructs$": floor + "constructs" },
  }));' "$floor")
# The constructs' own tests: synth, validation, permissions, rules, cdk-nag helper (not the handler or Terraform tests).
CDK_VALIDATION=false npx jest --config "$config" \
  test/security-contacts.test.ts test/account-contact-details.test.ts \
  test/organization-contacts.test.ts test/organization-contacts-tags.test.ts test/organization-contacts-outside-change.test.ts \
  test/organization-contacts-safety.test.ts test/contact-lock.test.ts
echo "aws-cdk-lib $version: the construct tests pass"
