/**
 * The library's entry point must not load the AWS SDK: it is not a dependency of the package (the handlers get it
 * from the Lambda runtime). Follows every relative import from src/index.ts, as Node would load them.
 */
import * as fs from 'fs';
import * as path from 'path';

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

test('nothing reachable from src/index.ts imports @aws-sdk', () => {
  const entry = path.join(__dirname, '..', 'src', 'index.ts');
  const seen = new Set<string>();
  const offenders: string[] = [];
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('@aws-sdk/')) {
        offenders.push(`${path.relative(path.dirname(entry), file)} imports ${specifier}`);
      }
      const next = resolve(file, specifier);
      if (next) {
        pending.push(next);
      }
    }
  }
  expect(seen.size).toBeGreaterThan(20);
  expect(offenders).toEqual([]);
});
