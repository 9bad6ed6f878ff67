/**
 * The documentation per reader (README.md, docs/*.md, CONTRIBUTING.md): the README stays short, every TypeScript
 * example outside the README compiles as the README's do under jsii-rosetta (which reads the README only), and every
 * relative link leads to a file and a heading that exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENTATION_FILES, exampleProblems, fencedBlocks } from './support/documentation';

const ROOT = path.join(__dirname, '..');

test('the README is under 25 KB: what it does, install, quick start, one example per construct, links', () => {
  expect(fs.statSync(path.join(ROOT, 'README.md')).size).toBeLessThan(25 * 1024);
});

test('every TypeScript example of docs/ and CONTRIBUTING.md type-checks in its rosetta fixture, against src/', () => {
  const examples = fencedBlocks().filter((block) => block.file !== 'README.md' && /^```ts\b/.test(block.opening));
  expect(examples.length).toBeGreaterThanOrEqual(5);
  const directory = path.join(ROOT, 'test', '.tmp', 'documentation-examples');
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const files = examples.map((example, index) => {
    const fixtureName = /fixture=(\w+)/.exec(example.opening)?.[1] ?? 'default';
    const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', `${fixtureName}.ts-fixture`), 'utf8');
    const file = path.join(directory, `example-${index}.ts`);
    // Each example is a module of its own, as rosetta compiles it.
    fs.writeFileSync(file, `${fixture.replace('/// here', example.body)}\nexport {};\n`);
    return { file, example };
  });
  const problems = exampleProblems(files, { baseUrl: ROOT, paths: { 'cdk-account-contacts': ['src/index.ts'] } });
  expect(problems).toEqual([]);
});

/** GitHub's anchor of a heading: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  const withoutCode = text.replace(/^```[\s\S]*?^```$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(match[1]);
    const seen = counts.get(base) ?? 0;
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
    counts.set(base, seen + 1);
  }
  return anchors;
}

test('every relative link of the documentation leads to a file, and to a heading of it', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of DOCUMENTATION_FILES) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) {
        continue; // https:, mailto:
      }
      checked += 1;
      const [linked, anchor] = target.split('#');
      const resolved = linked === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), linked);
      if (!fs.existsSync(resolved)) {
        broken.push(`${file}: ${target} (no such file)`);
      } else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
        broken.push(`${file}: ${target} (no such heading)`);
      }
    }
  }
  expect(checked).toBeGreaterThan(20);
  expect(broken).toEqual([]);
});

test("the anchor rule matches GitHub's on the headings this documentation has", () => {
  expect(anchorOf('Check live accounts: the `account-contacts` command')).toBe('check-live-accounts-the-account-contacts-command');
  expect(anchorOf('What is checked, and when')).toBe('what-is-checked-and-when');
  expect(anchorOf('`OrganizationContacts` runs: states, and what survives what')).toBe('organizationcontacts-runs-states-and-what-survives-what');
  expect(anchorsOf('## FAQ\n## FAQ\n')).toEqual(new Set(['faq', 'faq-1']));
});

test('the command is never run as a bare `npx account-contacts` where no project provides it (npx would fetch another package)', () => {
  // The README's lines run in the quick start's project, which depends on the package; every other page says -p.
  const bare = DOCUMENTATION_FILES.filter((file) => !/(^|\/)(README|CONTRIBUTING)\.md$/.test(file)).flatMap((file) =>
    fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
      .filter(({ line }) => /\bnpx account-contacts\b/.test(line) && !/bare `npx account-contacts`/.test(line))
      .map(({ where }) => where),
  );
  expect(bare).toEqual([]);
  expect(fs.readFileSync(path.join(ROOT, 'docs', 'command.md'), 'utf8')).toContain('npx -p cdk-account-contacts account-contacts audit');
});
