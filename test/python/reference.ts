/**
 * The TypeScript side of the Python end-to-end comparison (scripts/python-end-to-end.sh runs it in an npm project of
 * its own, where '../../src' and '../../src/tf' are the packed package): synthesizes the TypeScript example app and
 * the package README's TypeScript example, and records the message TypeScript users get for each input of
 * error-cases.json.
 *   reference.ts cdk|cdktn|cdktf REPOSITORY_ROOT OUTDIR
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as ExampleApp from '../../examples/example-app';
import type * as TerraformExampleApp from '../../examples/terraform-app';
import * as library from '../../src';
import * as terraformLibrary from '../../src/tf';

/** Loaded only when the flavor needs it: each npm project holds one framework. */
function load<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as T;
}

interface ErrorCase {
  readonly id: string;
  readonly construct: string;
  readonly props: Record<string, unknown>;
  readonly flavors?: string[];
}

async function main(): Promise<void> {
  const [flavor, root, outdir] = process.argv.slice(2);
  const terraform = flavor !== 'cdk';
  const framework = load<any>(terraform ? flavor : 'aws-cdk-lib');
  const constructs: Record<string, any> = terraform ? terraformLibrary : library;

  if (flavor === 'cdk') {
    const { buildExampleApp } = load<typeof ExampleApp>('../../examples/example-app');
    buildExampleApp(path.join(outdir, 'example')).synth();
  } else if (flavor === 'cdktf') {
    const { buildTerraformExampleApp } = load<typeof TerraformExampleApp>('../../examples/terraform-app');
    buildTerraformExampleApp(path.join(outdir, 'example')).synth();
  }
  if (terraform) {
    // The package README's example, as written: it synthesizes into ./cdktf.out.
    const readme = fs.readFileSync(path.join(root, 'packages', flavor, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    const app = path.join(process.cwd(), 'readme-app.ts');
    fs.writeFileSync(app, block);
    const readmeOut = path.join(outdir, 'readme');
    fs.mkdirSync(readmeOut, { recursive: true });
    const cwd = process.cwd();
    process.chdir(readmeOut);
    load(app);
    process.chdir(cwd);
  }

  const { cases } = JSON.parse(fs.readFileSync(path.join(root, 'test', 'python', 'error-cases.json'), 'utf8')) as { cases: ErrorCase[] };
  const messages: Record<string, { name: string; message: string } | null> = {};
  for (const errorCase of cases.filter((candidate) => !candidate.flavors || candidate.flavors.includes(flavor))) {
    const app = new framework.App(terraform ? { outdir: fs.mkdtempSync(path.join(outdir, 'errors-')) } : {});
    const stack = terraform ? new framework.TerraformStack(app, 'Errors') : new framework.Stack(app, 'Errors');
    try {
      new constructs[errorCase.construct](stack, 'Contacts', errorCase.props);
      app.synth();
      messages[errorCase.id] = null;
    } catch (error) {
      messages[errorCase.id] = { name: (error as Error).name, message: (error as Error).message };
    }
  }
  fs.writeFileSync(path.join(outdir, 'error-messages.json'), `${JSON.stringify(messages, undefined, 2)}\n`);
  console.log(
    `TypeScript reference (${flavor}): ${Object.keys(messages).length} error messages${terraform ? ', README example' : ''}${flavor !== 'cdktn' ? ', example app' : ''}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
