/**
 * The project's documentation, where its examples live: README.md, the pages of docs/ and CONTRIBUTING.md. Tests that
 * run or compare an example find it here wherever it moved, by what it holds rather than by which page holds it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/** The documentation's files, relative to the project: README.md first, then docs/*.md (sorted), then CONTRIBUTING.md. */
export const DOCUMENTATION_FILES: readonly string[] = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join('docs', name)),
  'CONTRIBUTING.md',
];

/** Every documentation file's text, in `DOCUMENTATION_FILES`' order, one after the other. */
export function documentation(): string {
  return DOCUMENTATION_FILES.map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
}

/** One fenced block: its file, the line of its opening fence, the opening (```` ```ts fixture=stack ````) and its body. */
export interface FencedBlock {
  readonly file: string;
  readonly line: number;
  readonly opening: string;
  readonly body: string;
}

/** The fenced blocks of every documentation file. */
export function fencedBlocks(): FencedBlock[] {
  const found: FencedBlock[] = [];
  for (const file of DOCUMENTATION_FILES) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const pattern = /^( *```[^\n]*)\n([\s\S]*?)^ *```$/gm;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      found.push({ file, line: text.slice(0, match.index).split('\n').length, opening: match[1].trim(), body: match[2] });
    }
  }
  return found;
}

/** An example written into a file of its own (inside its fixture), and where it came from. */
export interface ExampleFile {
  readonly file: string;
  readonly example: { readonly file: string; readonly line: number };
}

/**
 * What strict TypeScript says of the examples, each problem placed at its example's source (`file:line: message`),
 * as jsii-rosetta compiles examples (`--strict`); `options` adds to the compiler options (module paths).
 */
export function exampleProblems(files: readonly ExampleFile[], options: ts.CompilerOptions = {}): string[] {
  const program = ts.createProgram(
    files.map(({ file }) => file),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: false,
      types: ['node'],
      ignoreDeprecations: '6.0',
      ...options,
    },
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = files.find(({ file }) => file === diagnostic.file?.fileName)?.example;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    return where ? `${where.file}:${where.line}: ${message}` : message;
  });
}
