/**
 * The layout described in CONTRIBUTING.md, held: small files, and no import across the sides (eslint's
 * import/no-restricted-paths says the same while editing; this test reads every file of src/).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Every relative import of a file, as a path relative to src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((match) => path.relative(SRC, path.resolve(path.dirname(file), match[1])));
}

const files = sourceFiles(SRC).map((file) => ({ file, relative: path.relative(SRC, file), imports: importsOf(file) }));
const folderOf = (relative: string) => (relative.includes(path.sep) ? relative.split(path.sep)[0] : '.');
const FUNCTION_SIDE = ['runtime', 'handler', 'organization', 'cli'];

test('no source file is over 550 lines (as prettier lays it out: a larger file holds more than one concept)', () => {
  const long = files
    .map(({ file, relative }) => ({ relative, lines: fs.readFileSync(file, 'utf8').split('\n').length }))
    .filter((entry) => entry.lines > 550);
  expect(long).toEqual([]);
});

test("only the per-account function's folder imports from it, and no function reaches into another's folder", () => {
  const crossings = files.flatMap(({ relative, imports }) =>
    imports
      .filter((target) => FUNCTION_SIDE.includes(folderOf(target)) && folderOf(target) !== 'runtime' && folderOf(target) !== folderOf(relative))
      .map((target) => `${relative} -> ${target}`),
  );
  expect(crossings).toEqual([]);
});

test("constructs and the shared model never import the functions' side", () => {
  const crossings = files
    .filter(({ relative }) => !FUNCTION_SIDE.includes(folderOf(relative)))
    .flatMap(({ relative, imports }) =>
      imports.filter((target) => FUNCTION_SIDE.includes(folderOf(target))).map((target) => `${relative} -> ${target}`),
    );
  expect(crossings).toEqual([]);
});

test('the shared runtime imports no function', () => {
  const crossings = files
    .filter(({ relative }) => folderOf(relative) === 'runtime')
    .flatMap(({ relative, imports }) =>
      imports.filter((target) => ['handler', 'organization', 'cli'].includes(folderOf(target))).map((target) => `${relative} -> ${target}`),
    );
  expect(crossings).toEqual([]);
});

/** Import cycles among files, each as `a -> b -> ... -> a` (type-only imports count: they couple the files too). */
function importCycles(scope: (relative: string) => boolean): string[] {
  const graph = new Map(
    files
      .filter(({ relative }) => scope(relative))
      .map(({ relative, imports }) => [
        relative,
        imports.map((target) => `${target}.ts`).filter((target) => scope(target) && files.some((file) => file.relative === target)),
      ]),
  );
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    state.set(file, 'visiting');
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(target)), file, target].join(' -> '));
      } else if (!state.has(target)) {
        visit(target, [...trail, file]);
      }
    }
    state.set(file, 'done');
  };
  [...graph.keys()].sort().forEach((file) => state.has(file) || visit(file, []));
  return cycles;
}

test('the organization engine has no import cycle', () => {
  expect(importCycles((relative) => folderOf(relative) === 'organization')).toEqual([]);
});

test('the cycle finder finds a cycle', () => {
  files.push(
    { file: 'a.ts', relative: path.join('organization', 'cycle-a.ts'), imports: [path.join('organization', 'cycle-b')] },
    { file: 'b.ts', relative: path.join('organization', 'cycle-b.ts'), imports: [path.join('organization', 'cycle-a')] },
  );
  try {
    expect(importCycles((relative) => folderOf(relative) === 'organization')).toEqual([
      `${path.join('organization', 'cycle-a.ts')} -> ${path.join('organization', 'cycle-b.ts')} -> ${path.join('organization', 'cycle-a.ts')}`,
    ]);
  } finally {
    files.splice(-2, 2);
  }
});

test('no import cycle anywhere in src/', () => {
  expect(importCycles(() => true)).toEqual([]);
});

/**
 * Folders by concept (issue #30): no two folders of src/ import each other, directly or through others. The construct
 * files at the root of src/ use the folders; a folder may use a root file (the public props and enums) but no folder
 * that uses it back.
 */
function folderCycles(entries: ReadonlyArray<{ relative: string; imports: string[] }>): string[] {
  const edges = new Map<string, Set<string>>();
  for (const { relative, imports } of entries) {
    const from = folderOf(relative);
    for (const to of imports.map(folderOf)) {
      if (from !== '.' && to !== '.' && from !== to) {
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
  }
  const cycles: string[] = [];
  const reaches = (from: string, to: string, seen = new Set<string>()): string[] | undefined => {
    for (const next of edges.get(from) ?? []) {
      if (next === to) {
        return [next];
      }
      if (!seen.has(next)) {
        seen.add(next);
        const path_ = reaches(next, to, seen);
        if (path_) {
          return [next, ...path_];
        }
      }
    }
    return undefined;
  };
  for (const folder of [...edges.keys()].sort()) {
    const around = reaches(folder, folder);
    if (around) {
      cycles.push([folder, ...around].join(' -> '));
    }
  }
  return cycles;
}

test('no folder of src/ imports a folder that imports it back', () => {
  expect(folderCycles(files)).toEqual([]);
});

test('the folder cycle finder sees a planted two-folder cycle', () => {
  const planted = [
    { relative: path.join('iam', 'a.ts'), imports: [path.join('synth-checks', 'b')] },
    { relative: path.join('synth-checks', 'b.ts'), imports: [path.join('iam', 'a')] },
    { relative: 'root.ts', imports: [path.join('iam', 'a')] },
  ];
  expect(folderCycles(planted)).toEqual(['iam -> synth-checks -> iam', 'synth-checks -> iam -> synth-checks']);
});

/**
 * Rules with one home (issue #30): the account id's pattern lives in src/contacts/ (ACCOUNT_ID_RULE, `isAccountId`),
 * the primary contact's type name in src/contacts/contact-type.ts. The scanners find them anywhere else.
 */
const TWELVE_DIGITS = /\\d\{12\}|\[0-9\]\{12\}/;
const PRIMARY_LITERAL = /(['"`])PRIMARY\1/;
const scan = (pattern: RegExp, sources: Array<{ relative: string; text: string }>, home: (relative: string) => boolean) =>
  sources.filter(({ relative, text }) => !home(relative) && pattern.test(text)).map(({ relative }) => relative);
const sources = files.map(({ file, relative }) => ({ relative, text: fs.readFileSync(file, 'utf8') }));

test("a 12-digit account id pattern appears only in src/contacts/, and 'PRIMARY' only in contacts/contact-type.ts", () => {
  expect(scan(TWELVE_DIGITS, sources, (relative) => relative.startsWith(`contacts${path.sep}`))).toEqual([]);
  expect(scan(PRIMARY_LITERAL, sources, (relative) => relative === path.join('contacts', 'contact-type.ts'))).toEqual([]);
});

/** Comparing an account id with the caller's or the stack's own id: `isOwnAccount` (contacts/own-account.ts) decides. */
const OWN_ACCOUNT_COMPARISON =
  /[=!]==\s*(context\.|this\.options\.)?(ownAccountId|callerAccountId|stack\.account)\b|\b(ownAccountId|stack\.account)\s*[=!]==/;

test('whether an account is the own account is decided in contacts/own-account.ts only', () => {
  expect(scan(OWN_ACCOUNT_COMPARISON, sources, (relative) => relative === path.join('contacts', 'own-account.ts'))).toEqual([]);
  const planted = [
    { relative: path.join('runtime', 'a.ts'), text: 'if (accountId === ownAccountId) {}' },
    { relative: path.join('provider', 'b.ts'), text: 'return accountId === stack.account ? 1 : 2;' },
    { relative: path.join('organization', 'c.ts'), text: 'if (id !== context.ownAccountId) {}' },
    { relative: path.join('cli', 'd.ts'), text: 'const own = isOwnAccount(id, callerAccountId);' },
  ];
  expect(scan(OWN_ACCOUNT_COMPARISON, planted, () => false)).toEqual(planted.slice(0, 3).map(({ relative }) => relative));
});

test('the one-home scanners see a planted pattern and a planted literal', () => {
  const planted = [
    { relative: path.join('organization', 'a.ts'), text: 'if (/^\\d{12}$/.test(id)) {}' },
    { relative: path.join('cli', 'b.ts'), text: "const type = 'PRIMARY';" },
    { relative: path.join('cli', 'c.ts'), text: 'const id = /[0-9]{12}/;' },
  ];
  expect(scan(TWELVE_DIGITS, planted, () => false)).toEqual([planted[0].relative, planted[2].relative]);
  expect(scan(PRIMARY_LITERAL, planted, () => false)).toEqual([planted[1].relative]);
});
