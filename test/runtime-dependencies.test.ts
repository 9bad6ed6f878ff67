/**
 * What each entry point loads, following every relative import as Node would: the library never loads the AWS SDK
 * (the handlers get it from the Lambda runtime); the Terraform constructs never load aws-cdk-lib, and the AWS CDK
 * constructs never load a Terraform framework, so that each kind of user installs only their own framework.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  // `import type` is erased at compile time and loads nothing.
  return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((match) => match[1]);
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) {
    return undefined;
  }
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/** Every file reachable from the entries, and each package import with the file that makes it. */
function reachable(...entries: string[]): { files: Set<string>; packages: string[] } {
  const files = new Set<string>();
  const packages: string[] = [];
  const pending = entries.map((entry) => path.join(SRC, entry));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) {
      continue;
    }
    files.add(file);
    for (const specifier of importsOf(file)) {
      const next = resolve(file, specifier);
      if (next) {
        pending.push(next);
      } else {
        packages.push(`${path.relative(SRC, file)} imports ${specifier}`);
      }
    }
  }
  return { files, packages };
}

test('nothing reachable from src/index.ts imports @aws-sdk', () => {
  const { files, packages } = reachable('index.ts');
  expect(files.size).toBeGreaterThan(20);
  expect(packages.filter((line) => / imports @aws-sdk\//.test(line))).toEqual([]);
});

test('the Terraform constructs load no aws-cdk-lib', () => {
  const { files, packages } = reachable('tf/index.ts');
  expect(files.size).toBeGreaterThan(10);
  expect(packages.filter((line) => / imports aws-cdk-lib/.test(line))).toEqual([]);
  expect(packages.filter((line) => / imports cdktf$/.test(line)).length).toBeGreaterThan(0);
});

test('the AWS CDK constructs load no Terraform framework', () => {
  const { files, packages } = reachable('security-contacts.ts', 'account-contact-details.ts', 'organization-contacts.ts', 'contacts/index.ts');
  expect(files.size).toBeGreaterThan(20);
  expect(packages.filter((line) => / imports (cdktf|cdktn|@cdktf\/|@cdktn\/)/.test(line))).toEqual([]);
});
