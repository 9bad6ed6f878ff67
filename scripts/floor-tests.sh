#!/usr/bin/env bash
# Runs a package's tests with the oldest version its peer range admits (the peer floor): that version is installed
# apart, and jest maps every import of it, by the library and by the tests, to that install (types still come from
# the project's own). A setup file fails every test file if the floor is not the one actually loaded.
# Usage: floor-tests.sh aws-cdk-lib <version>   the AWS CDK construct tests (not the handler or Terraform tests)
#        floor-tests.sh cdktf <version>         the Terraform construct tests: synth, HCL, bindings, terraform apply
set -euo pipefail
framework=${1:?usage: floor-tests.sh aws-cdk-lib|cdktf <version>}
version=${2:?usage: floor-tests.sh aws-cdk-lib|cdktf <version>}
root="$(cd "$(dirname "$0")/.." && pwd)"
floor="$(mktemp -d)"
trap 'rm -rf "$floor"' EXIT

case "$framework" in
  aws-cdk-lib)
    constructs='^10.5.1'
    tests=(test/security-contacts.test.ts test/account-contact-details.test.ts
      test/organization-contacts.test.ts test/organization-contacts-tags.test.ts test/organization-contacts-outside-change.test.ts
      test/organization-contacts-safety.test.ts test/contact-lock.test.ts);;
  cdktf)
    # cdktf 0.20's own projects were made with constructs 10.3 (cdktf init): the floor of both is tested together.
    constructs='10.3.0'
    tests=(test/tf/security-contacts.test.ts test/tf/organization-contacts.test.ts test/tf/hcl.test.ts
      test/tf/provider-bindings.test.ts test/tf/terraform-apply.test.ts);;
  *) echo "floor-tests.sh: no floor tests for $framework" >&2; exit 64;;
esac

(cd "$floor" && npm init -y > /dev/null && npm install --no-audit --no-fund --loglevel=error "$framework@$version" "constructs@$constructs" > install.log 2>&1) \
  || { cat "$floor/install.log"; exit 1; }
cat > "$floor/expect-floor.js" <<JS
const loaded = require('$framework/package.json').version;
if (loaded !== '$version') throw new Error('floor-tests.sh: the tests loaded $framework ' + loaded + ', not the floor $version');
JS

cd "$root"
config=$(node -e '
  const [floor, framework] = process.argv.slice(1);
  const modules = floor + "/node_modules/";
  const jest = require("./package.json").jest;
  console.log(JSON.stringify({
    ...jest, rootDir: process.cwd(), collectCoverage: false, reporters: ["default"],
    setupFiles: [...(jest.setupFiles ?? []), floor + "/expect-floor.js"],
    moduleNameMapper: {
      [`^${framework}$`]: modules + framework, [`^${framework}/(.*)$`]: modules + framework + "/$1",
      "^constructs$": modules + "constructs",
    },
  }));' "$floor" "$framework")
CDK_VALIDATION=false npx jest --config "$config" "${tests[@]}"
echo "$framework $version (constructs $(node -p "require('$floor/node_modules/constructs/package.json').version")): the tests pass"
