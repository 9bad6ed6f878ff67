/**
 * The README's examples: TypeScript ones are compiled by `jsii-rosetta extract --strict` in the build (post-compile);
 * the hand-written Python ones are run as written against the installed wheel by scripts/python-end-to-end.sh
 * (test/python/cdk/test_readme.py). Here, without Python packages: they parse, and use only keyword arguments the API
 * has, so that a wrong name fails `npm test` already.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fencedBlocks } from './support/documentation';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
// Python blocks wherever they live (README.md, docs/): each parses and uses only keywords the API has.
const pythonBlocks = fencedBlocks()
  .filter((block) => block.opening.startsWith('```python'))
  .map((block) => block.body);
const typescriptBlocks = [...readme.matchAll(/```ts[^\n]*\n([\s\S]*?)```/g)].map((match) => match[1]);

test('the documentation shows the main examples in TypeScript and in Python', () => {
  expect(typescriptBlocks.length).toBeGreaterThanOrEqual(3);
  expect(pythonBlocks.length).toBeGreaterThanOrEqual(2);
});

test.each(pythonBlocks.map((block, index) => [index, block]))('Python example %d parses', (_index, block) => {
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: block });
});

const snakeCase = (name: string) =>
  name.replace(/[A-Z0-9]/g, (letter, offset) => (offset > 0 ? '_' : '') + letter.toLowerCase()).replace(/_([0-9])/g, '$1');

test.each(pythonBlocks.map((block, index) => [index, block]))('Python example %d uses only keyword arguments the API has', (_index, block) => {
  // Property names of the exported structs (every `readonly name` in src/, snake_cased as jsii does for Python),
  // and the AwsProvider's `region`.
  const known = new Set<string>(['region']);
  const sources = fs.readdirSync(path.join(__dirname, '..', 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of sources) {
    for (const match of fs.readFileSync(path.join(__dirname, '..', 'src', file), 'utf8').matchAll(/readonly (\w+)\??:/g)) {
      known.add(snakeCase(match[1]));
    }
  }
  const keywords = [...block.matchAll(/\b([a-z_][a-z0-9_]*)=/g)].map((match) => match[1]);
  expect(keywords.length).toBeGreaterThan(0);
  expect(keywords.filter((keyword) => !known.has(keyword))).toEqual([]);
});
