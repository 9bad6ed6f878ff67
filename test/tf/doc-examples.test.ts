/**
 * Every `@example` of the Terraform constructs (src/tf, published in both Terraform packages and shown in their API
 * references) type-checks strictly inside a stack, as jsii-rosetta compiles the AWS CDK package's, and synthesizes:
 * the contact rules run at synth, so an example with a value the API refuses fails here. The packages' README blocks
 * are whole apps that need the user's provider bindings: scripts/try-terraform-package.sh runs them as written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { exampleProblems } from '../support/documentation';
import { newStack } from '../support/tf-stacks';

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = path.join(ROOT, 'src', 'tf');
const DIRECTORY = path.join(ROOT, 'test', '.tmp', 'tf-doc-examples');

interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly body: string;
}

/** The `@example` blocks of a source file's doc comments, each up to the next tag or the comment's end. */
function examplesOf(file: string): DocExample[] {
  const text = fs.readFileSync(file, 'utf8');
  const examples: DocExample[] = [];
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = comment[1].split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    const start = lines.findIndex((line) => line.trim() === '@example');
    if (start < 0) {
      continue;
    }
    const end = lines.findIndex((line, index) => index > start && line.startsWith('@'));
    const line = text.slice(0, comment.index).split('\n').length + start;
    examples.push({
      file: path.relative(ROOT, file),
      line,
      body: lines
        .slice(start + 1, end < 0 ? undefined : end)
        .join('\n')
        .trim(),
    });
  }
  return examples;
}

const FIXTURE = `import { Construct } from 'constructs';
import { AccountContactDetails, ContactRemoval, OrganizationContacts, SecurityContacts } from '../../../src/tf';

/** The stack of one example: its body runs in the constructor, as in the packages' API references. */
export function declare(scope: Construct): void {
  (function (this: Construct) {
    /// here
  }).call(scope);
}
`;

const examples = fs
  .readdirSync(SOURCES)
  .filter((name) => name.endsWith('.ts'))
  .flatMap((name) => examplesOf(path.join(SOURCES, name)));

fs.rmSync(DIRECTORY, { recursive: true, force: true });
fs.mkdirSync(DIRECTORY, { recursive: true });
const files = examples.map((example, index) => {
  const file = path.join(DIRECTORY, `example-${index}.ts`);
  fs.writeFileSync(file, FIXTURE.replace('/// here', example.body));
  return { file, example };
});

test('every @example of the Terraform constructs type-checks strictly', () => {
  // Each construct documents itself with one: OrganizationContacts, SecurityContacts, ContactRemoval, at least.
  expect(examples.length).toBeGreaterThanOrEqual(3);
  const problems = exampleProblems(files);
  expect(problems).toEqual([]);
});

test.each(files.map(({ file, example }) => [`${example.file}:${example.line}`, file]))(
  'the @example at %s synthesizes, its values passing the contact rules',
  (_where, file) => {
    const stack = newStack();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(file) as { declare: (scope: unknown) => void }).declare(stack);
    const document = JSON.parse(Testing.synth(stack));
    expect(Object.keys(document.resource ?? {})).toContain('aws_account_alternate_contact');
  },
);
