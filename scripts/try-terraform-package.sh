#!/usr/bin/env bash
# Tries a Terraform package's README example as a new user would: the packed tarball (packages/<framework>/dist/js)
# installed with its peers into an empty project, measured (time, node_modules size, packages), checked for what must
# not be there (aws-cdk-lib, the other framework, provider bindings), then the README's example run with the
# framework's AWS provider bindings added, as a user's app would, and its cdk.tf.json checked.
# With a version, the framework is that version (CI gives cdktf's peer floor) instead of the newest its peer range admits.
# Then the example is applied as synthesized, with the real terraform against moto_server (an organization of three
# members), and planned again: the second plan must be empty (scripts/apply-terraform-example.ts).
# Run after `scripts/build-terraform-package.sh <framework> --package`, with moto_server on PATH (scripts/test-setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
framework=${1:?usage: try-terraform-package.sh cdktf|cdktn [framework version]}
framework_version=${2:-}
dir=$PWD/packages/$framework
tarball=$(ls "$dir"/dist/js/*.jsii.tgz)
# One argument per peer (a range may hold spaces: '>=0.20.0 <0.22.0'); the framework pinned when a version is given.
mapfile -t peers < <(node -e '
  const [file, framework, version] = process.argv.slice(1);
  for (const [name, range] of Object.entries(require(file).peerDependencies)) {
    console.log(`${name}@${name === framework && version ? version : range}`);
  }' "$dir/package.json" "$framework" "$framework_version")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$dir/README.md" "$work/app.ts" <<'PY'
import re, sys
block = re.search(r"```ts\n(.*?)```", open(sys.argv[1], encoding="utf-8").read(), re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(block)
PY

cd "$work"
npm init -y >/dev/null
started=$(date +%s)
npm install --no-audit --no-fund --loglevel=error "$tarball" "${peers[@]}" >/dev/null
seconds=$(( $(date +%s) - started ))
megabytes=$(du -sm node_modules | cut -f1)
packages=$(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l)
present=$(for name in aws-cdk-lib cdktf cdktn @cdktf/provider-aws @cdktn/provider-aws; do [ -d "node_modules/$name" ] && printf '%s ' "$name"; done; true)
echo "$framework package ($framework $(node -p "require('$framework/package.json').version") installed): install with its peers (${peers[*]}): ${seconds} s, ${megabytes} MB of node_modules, ${packages} packages; present: ${present}"
[ "$present" = "$framework " ] || { echo "a $framework user must get $framework only, found: $present" >&2; exit 1; }

# The user's own app declares the provider with the framework's generated bindings (the version that matches it).
# cdktf 0.20's bindings are @cdktf/provider-aws 19.x; 0.21's are 20.x (AWS provider 5.x) and 21.x (6.x).
case "$framework:$framework_version" in
  cdktn:*) bindings=@cdktn/provider-aws@^25.7.0;;
  cdktf:0.20.*) bindings=@cdktf/provider-aws@^19.0.0;;
  *) bindings=@cdktf/provider-aws@^21.0.0;;
esac
npm install --no-audit --no-fund --loglevel=error "$bindings" typescript@~5.9 ts-node @types/node@20 >/dev/null
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "strict": true, "esModuleInterop": true, "skipLibCheck": true } }
JSON
npx ts-node app.ts >/dev/null
python3 - <<'PY'
import glob, json
document = json.load(open(glob.glob("*.out/stacks/*/cdk.tf.json")[0]))
resources = sorted(document["resource"])
data = sorted(document["data"])
assert resources == ["aws_account_alternate_contact"], resources
assert data == ["aws_caller_identity", "aws_organizations_organization"], data
assert document["terraform"]["required_providers"]["aws"]["source"] in ("aws", "hashicorp/aws")
print(f"README example: synthesized {sum(len(v) for v in document['resource'].values())} resource blocks of {resources}, data {data}, provider hashicorp/aws {document['terraform']['required_providers']['aws']['version']}")
PY

# The example as synthesized, applied against moto and planned again (the user's provider bindings pin the version
# they were generated for; the override in apply-terraform-example.ts pins the one the offline mirror holds).
security_email=$(python3 -c 'import re,sys; print(re.search(r"emailAddress: \x27([^\x27]+)\x27", open(sys.argv[1]).read()).group(1))' app.ts)
stack_folder=$(dirname "$(ls ./*.out/stacks/*/cdk.tf.json | head -n 1)")
(cd "$root" && npx ts-node --project tsconfig.dev.json scripts/apply-terraform-example.ts "$work/$stack_folder" "$security_email")
