#!/usr/bin/env bash
# Tries the README's TypeScript quick start as a new user would: the packed npm tarball (dist/js) installed into an
# empty project with aws-cdk-lib, the quick start copied from README.md, run with ts-node, and its synthesized
# stack checked. Run after `projen package`. Usage: try-quick-start.sh [aws-cdk-lib version] (default: the newest the
# project builds with; .ci/run also runs it with the peer floor). No --force and no --legacy-peer-deps: a peer
# range that refuses the version fails here with ERESOLVE.
set -euo pipefail
version="${1:-2.276.0}"
cd "$(dirname "$0")/.."
root=$PWD
tarball=$(ls "$PWD"/dist/js/cdk-account-contacts@*.jsii.tgz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/app.ts" <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
block = re.search(r"### TypeScript\n\n(?:<!--.*?-->\n)?```(?:ts|TypeScript)[^\n]*\n(.*?)```", readme, re.S).group(1)
block += """
const assembly = app.synth();
for (const artifact of assembly.stacks) {
  const types = Object.values(artifact.template.Resources as Record<string, { Type: string }>).map((resource) => resource.Type);
  console.log(JSON.stringify({ stack: artifact.stackName, resources: types.length, types: [...new Set(types)].sort() }));
}
"""
open(sys.argv[1], "w", encoding="utf-8").write(block)
PY

cd "$work"
npm init -y >/dev/null
started=$(date +%s)
npm install --no-audit --no-fund --loglevel=error "$tarball" "aws-cdk-lib@$version" constructs@10.5.1 >/dev/null
seconds=$(( $(date +%s) - started ))
# What a CDK user's install costs: the package and its peers only (before the quick start's own tools).
megabytes=$(du -sm node_modules | cut -f1)
packages=$(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l)
present=$(for name in cdktf cdktn @cdktf/provider-aws @cdktn/provider-aws; do [ -d "node_modules/$name" ] && printf '%s ' "$name"; done; true)
echo "install of the package and its peers: ${seconds} s, ${megabytes} MB of node_modules, ${packages} packages; Terraform packages present: ${present:-none}"
[ -z "$present" ] || { echo "a CDK user must not install any Terraform package, found: $present" >&2; exit 1; }
npm install --no-audit --no-fund --loglevel=error typescript@~5.9 ts-node @types/node@20 >/dev/null
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "strict": true, "esModuleInterop": true, "skipLibCheck": true } }
JSON
output=$(npx ts-node app.ts)
echo "$output"
echo "$output" | grep -q '"types":\["AWS::IAM::Policy","AWS::IAM::Role","AWS::Lambda::Function","AWS::Logs::LogGroup","Custom::AccountAlternateContact","Custom::AccountContactInformation"\]' \
  || { echo "the quick start did not synthesize the expected resources" >&2; exit 1; }
echo "quick start: works from the packed tarball with aws-cdk-lib $(node -p "require('aws-cdk-lib/package.json').version")"

# The README's own lines after the block, as a new user types them in an empty folder: its install line (with the
# packed tarball in place of the published package, and the versions above), then its synth line exactly as written.
# Once, with the newest aws-cdk-lib: the run on the peer floor checks the range, and the lines are the same.
if [ -n "${1:-}" ]; then
  exit 0
fi
readme_lines=$(python3 - "$root/README.md" <<'PY'
import re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
lines = re.search(r"<!-- quick-start-synth -->\n```bash\n(.*?)```", readme, re.S).group(1).strip().splitlines()
assert len(lines) == 2 and lines[0].startswith("npm install ") and lines[1].startswith("npx cdk synth "), lines
print("\n".join(lines))
PY
)
install_line=$(echo "$readme_lines" | sed -n 1p)
synth_line=$(echo "$readme_lines" | sed -n 2p)
mkdir -p "$work/readme/bin" && cd "$work/readme"
npm init -y >/dev/null
python3 - "$root/README.md" bin/app.ts <<'PY'
import re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"### TypeScript\n\n(?:<!--.*?-->\n)?```(?:ts|TypeScript)[^\n]*\n(.*?)```", readme, re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(block)
PY
pinned=$(echo "$install_line" | sed -e "s#cdk-account-contacts #$tarball #" -e "s#aws-cdk-lib #aws-cdk-lib@$version #" -e "s#constructs #constructs@10.5.1 #" \
  -e "s#typescript #typescript@~5.9 #" -e "s#@types/node\$#@types/node@20#")
bash -c "${pinned//npm install/npm install --no-audit --no-fund --loglevel=error}" >/dev/null
bash -c "$synth_line" >/dev/null
node -e '
const template = require(process.cwd() + "/cdk.out/AccountContacts.template.json");
const types = [...new Set(Object.values(template.Resources).map((resource) => resource.Type))].sort();
if (!types.includes("Custom::AccountAlternateContact") || !types.includes("Custom::AccountContactInformation")) {
  console.error("the README synth line did not write the stack: " + types.join(", "));
  process.exit(1);
}
console.log("quick start: the README lines install and synthesize as written (" + types.length + " resource types)");
'
