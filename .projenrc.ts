import { DependencyType, awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-account-contacts',
  description:
    'Declare the security, billing, operations and primary contacts of every AWS account as code (CIS AWS Foundations 1.1 and 1.2), and keep them true.',
  keywords: ['aws-cdk', 'cdk', 'aws-account', 'alternate-contact', 'security-contact', 'cis-benchmark', 'organizations', 'compliance'],
  author: 'cdk-account-contacts maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-account-contacts/cdk-account-contacts.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  // The development dependency is set below (the newest), not pinned to the peer floor.
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',

  // jsii targets. Publishing needs the registries and runs only in a release pipeline.
  publishToPypi: { distName: 'cdk-account-contacts', module: 'cdk_account_contacts' },
  publishToMaven: {
    javaPackage: 'io.github.cdkaccountcontacts',
    mavenGroupId: 'io.github.cdk-account-contacts',
    mavenArtifactId: 'cdk-account-contacts',
  },
  publishToNuget: { dotNetNamespace: 'CdkAccountContacts', packageId: 'CdkAccountContacts' },
  publishToGo: { moduleName: 'github.com/cdk-account-contacts/cdk-account-contacts-go' },

  // The release: GitHub workflows (build, release, upgrade) that bump the version from the conventional commits and
  // publish every target with publib, using the registries' secrets. Nothing publishes from here: .ci/run builds
  // the same artifacts and checks them against each registry's rules (scripts/release-dry-run.sh), and actionlint
  // checks the workflows (scripts/check-workflows.sh).
  github: true,
  githubOptions: { mergify: false },
  release: true,
  releaseToNpm: true,
  workflowNodeVersion: '20.x',
  compat: false,

  // The Lambda handlers (src/**/*.lambda.ts) use the AWS SDK v3 that ships with the Lambda runtime.
  // Declared below, so that their construct files are generated in src/function-wiring/ (the constructs' side), not beside
  // the handlers: a construct never imports a function's folder.
  lambdaAutoDiscover: false,

  // No Terraform package: the Terraform constructs (src/tf) are published as cdktn-account-contacts and
  // cdktf-account-contacts (packages/, scripts/build-terraform-package.sh). cdktf is a development dependency here:
  // for type-checking their source, its tests and the examples; the generated provider bindings for the tests
  // (which prove the same output) and the examples.
  devDeps: [
    'cdktf@^0.21.0',
    '@cdktf/provider-aws@^20.1.0',
    '@cdktf/hcl2json@^0.21.0',
    // The account-contacts command: bundled into one file by esbuild, so none of these is a runtime dependency.
    '@aws-sdk/client-sts@^3.1169.0',
    // Findings to AWS Security Hub (--import-findings); the registry here serves it up to 3.1108.
    '@aws-sdk/client-securityhub@^3.1108.0',
    'commander@^14',
    'picocolors@^1',
    'cli-progress@^3',
    '@types/cli-progress',
    'yaml@^2',
    // Tests parse the command's JUnit output with a real XML parser.
    'fast-xml-parser@^5',
    // Property-based tests of every door into the rule table (test/contacts/*.property.test.ts), and a real JSON Schema
    // validator that checks the published declaration schema agrees with the rule table.
    'fast-check@^4',
    'ajv@^8',
    // The SARIF report is validated against the published SARIF 2.1.0 schema, which this Microsoft package ships;
    // ajv-formats checks its uri and date-time formats.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv-formats@^3',
    // The SARIF schema is JSON Schema draft-04.
    'ajv-draft-04@^1',
    // The HTML evidence report is tested in Debian's Chromium (installed by .ci/run), driven by playwright-core.
    'playwright-core@^1',
    '@aws-sdk/client-account@^3.1169.0',
    '@aws-sdk/client-organizations@^3.1169.0',
    // The organization handler's queue, result store, declaration and failure notifications.
    '@aws-sdk/client-sqs@^3.1169.0',
    '@aws-sdk/client-dynamodb@^3.1164.0',
    '@aws-sdk/client-s3@^3.1169.0',
    '@aws-sdk/client-sns@^3.1169.0',
    // The per-account custom resources' ownership claims (SSM Parameter Store).
    '@aws-sdk/client-ssm@^3.1169.0',
    '@smithy/types',
    'cdk-nag@^3.0.2',
    'ts-node',
  ],

  jestOptions: {
    // A test run that finds no tests fails, and snapshots are never rewritten by the test task.
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // Handler tests start local servers (moto_server, our Account API server): keep two workers.
      maxWorkers: 2,
      // The lifecycle tests' cloud assemblies (code assets the simulator runs) are not source, and are removed; the
      // Terraform packages' build output is compiled from src/.
      coveragePathIgnorePatterns: ['/node_modules/', '/test/.tmp/', '/packages/'],
    },
  },
  // One formatter for TypeScript: prettier, through eslint (plugin:prettier/recommended replaces the stylistic rules).
  prettier: true,
  prettierOptions: {
    settings: {
      printWidth: 150,
      singleQuote: true,
      trailingComma: javascript.TrailingComma.ALL,
      arrowParens: javascript.ArrowParens.ALWAYS,
    },
    // Markdown, JSON and YAML keep their hand layout (docs tables, generated files).
    ignoreFileOptions: { ignorePatterns: ['*.md', '*.json', '*.yml', '*.yaml', 'packages/', 'test/.tmp/', 'cdk.out/', 'lib/', 'dist/'] },
  },
  eslintOptions: {
    // One typed-lint project for src, test, examples and bench (the dev tsconfig includes them all).
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    commandOptions: { fix: false },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  // The package compiles the AWS CDK side only; src/tf is the Terraform packages' source.
  tsconfig: { exclude: ['src/tf'] },
  tsconfigDev: { include: ['.projenrc.ts', 'projenrc/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'] },

  gitignore: ['cdk.out/', '*.out/', '/test/.tmp/', '/assets/', '.env', '.jsii.tabl.json', '*.tfstate', '*.tfstate.*', '.terraform/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.ci/', '/rosetta/', '/scripts/'] },
});

for (const [entrypoint, constructFile] of [
  ['src/handler/contacts-resource.lambda.ts', 'src/function-wiring/contacts-resource-function.ts'],
  ['src/organization/organization-contacts.lambda.ts', 'src/function-wiring/organization-contacts-function.ts'],
]) {
  new awscdk.LambdaFunction(project, {
    entrypoint,
    constructFile,
    cdkDeps: project.cdkDeps,
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: ['@aws-sdk/*'], sourcemap: false },
  });
}

// The handler uses the AWS SDK v3 of the Lambda runtime: it is bundled with the SDK external, so the SDK is a
// development dependency only.
project.eslint?.allowDevDeps('src/handler/**');
project.eslint?.allowDevDeps('src/organization/**');
project.eslint?.allowDevDeps('src/runtime/**');
// The Terraform packages' source: cdktf (or cdktn) is a peer of those packages, not of this one.
project.eslint?.allowDevDeps('src/tf/**');
// The command is bundled with its dependencies by esbuild (see below): they are development dependencies too.
project.eslint?.allowDevDeps('src/cli/**');

// The layout is a rule, not a habit (see CONTRIBUTING.md): constructs never import the functions' side, and no
// function's folder imports another's. eslint fails the build on a crossing.
const FUNCTION_SIDE = ['./src/runtime', './src/handler', './src/organization', './src/cli'];
project.eslint?.addRules({
  'import/no-restricted-paths': [
    'error',
    {
      zones: [
        ...[
          './src/contacts',
          './src/protocol',
          './src/synth-checks',
          './src/iam',
          './src/function-wiring',
          './src/service-control-policy',
          './src/tf',
        ].map((target) => ({
          target,
          from: FUNCTION_SIDE,
          message: "constructs and the shared model never import the functions' side",
        })),
        ...['./src/security-contacts.ts', './src/account-contact-details.ts', './src/organization-contacts.ts', './src/index.ts'].map((target) => ({
          target,
          from: FUNCTION_SIDE,
          message: "constructs never import the functions' side",
        })),
        { target: './src/runtime', from: ['./src/handler', './src/organization', './src/cli'], message: 'the shared runtime imports no function' },
        { target: './src/handler', from: ['./src/organization', './src/cli'], message: "one function never reaches into another's folder" },
        { target: './src/organization', from: ['./src/handler', './src/cli'], message: "one function never reaches into another's folder" },
        {
          target: './src/cli',
          from: ['./src/handler', './src/organization'],
          message: "the command uses the shared runtime, not a function's folder",
        },
      ],
    },
  ],
});

// Package only the npm artifact by default: the other languages' packaging needs PyPI, Maven Central and NuGet.
const packageTask = project.tasks.tryFind('package');
if (packageTask) {
  packageTask.reset();
  packageTask.spawn(project.tasks.tryFind('package:js')!);
}

// The tests synthesize stacks whose Lambda code is the bundled handler: bundle before testing.
// ts-jest compiles each file in isolation; the whole tree (src, test, examples) is type-checked first.
const testTask = project.tasks.tryFind('test')!;
testTask.prependExec('tsc --noEmit -p tsconfig.dev.json', { name: 'type-check src, test and examples' });
testTask.prependSpawn(project.tasks.tryFind('bundle')!);
// The Terraform packages' tests load them as published: build them (from src/tf and src/contacts) first.
testTask.prependExec('bash scripts/build-terraform-package.sh cdktn && bash scripts/build-terraform-package.sh cdktf', {
  name: 'build the Terraform packages',
});
// First of all, what the tests need: the pinned Python tools in .test-tools/venv (first on PATH for every step),
// Chromium, and a check of terraform and its provider mirror (scripts/test-setup.sh; a second run takes a second).
testTask.prependExec('bash scripts/test-setup.sh', { name: 'bring the tools the tests need (moto, cfn-lint, the AWS CLI, Chromium)' });
testTask.env('PATH', '$(echo "$PWD/.test-tools/venv/bin:$PATH")');

// Every TypeScript example (README and doc comments) must compile: rosetta with --strict fails the build otherwise,
// and translates them to Python, Java, C# and Go for the generated docs.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript example of the README and doc comments (fails on a broken example)',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.tasks.tryFind('post-compile')!.spawn(rosetta);

// The other languages: generate every jsii target and check what can be checked offline.
project.addTask('bindings', {
  description: 'Generate the Python, Java, .NET and Go bindings (jsii-pacmak --code-only) and check them: see scripts/check-bindings.sh',
  exec: "bash scripts/check-bindings.sh . 'provider|cdktf|cdktn'",
});

// The account-contacts command: one esbuild bundle with its dependencies (the AWS SDK included: it runs on the
// user's machine, not in Lambda), shipped in the npm package's assets and exposed as a bin.
project.bundler.addBundle('./src/cli/main.ts', {
  platform: 'node',
  target: 'node20',
  outfile: 'account-contacts.js',
  sourcemap: false,
  banner: '#!/usr/bin/env node',
  executable: true,
});
project.addBins({ 'account-contacts': 'assets/cli/main/account-contacts.js' });

project.addTask('python:end-to-end', {
  description:
    'The Python wheels (jsii-pacmak) in fresh venvs from PyPI: README blocks, Python example apps against the TypeScript ones, errors (scripts/python-end-to-end.sh [cdk|cdktn|cdktf])',
  steps: [
    { spawn: 'compile' },
    { spawn: 'package:js' },
    { exec: 'bash scripts/build-terraform-package.sh cdktn --package && bash scripts/build-terraform-package.sh cdktf --package' },
    { exec: 'bash scripts/python-end-to-end.sh', receiveArgs: true },
  ],
});

project.addTask('compare:checkers', {
  description:
    'Prowler, checkov and cfn-lint (from PyPI) next to account-contacts audit on one moto organization; checks docs/python-checkers.md (--write rewrites it)',
  steps: [{ spawn: 'bundle' }, { exec: 'bash scripts/compare-checkers.sh', receiveArgs: true }],
});

// Benchmarks are never unit tests: they run on demand.
project.addTask('schema', {
  description: "Writes schema/declaration.schema.json (the declaration file's JSON Schema) from src/contacts/declaration-file.ts",
  exec: 'ts-node --project tsconfig.dev.json scripts/declaration-schema.ts',
});
project.addTask('bench:audit', {
  description: 'Wall time of account-contacts audit for ACCOUNTS accounts at a server-side rate limit of RATE reads/s, against the lower bound',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json bench/audit.ts' }],
});

project.addTask('bench:answer-time', {
  description:
    'How long a deployment waits for the per-account custom resource when the Account API hangs, refuses, throttles or faults (BUDGET_SECONDS, default 300; SMOKE=1: 20 s)',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json bench/answer-time.ts' }],
});

project.addTask('bench', {
  description: 'Synth scale, template size and time to converge, side by side with the alternatives (bench/run.ts; SMOKE=1 for a small run)',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json bench/run.ts' }],
});
project.addTask('bench:policy-size', {
  description:
    "OrganizationContacts' IAM policies at 1 to 5,000 accounts listed, excluded and units listed: the largest policy and whether the template passes every deployment quota (SMOKE=1: 1 and 10)",
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json bench/policy-size.ts' }],
});
project.addTask('bench:real-rate', {
  description: "OrganizationContacts at AWS's real quotas (5 writes/s, 10 reads/s): ACCOUNTS (200) × 3 types from empty, phases, README table",
  steps: [{ exec: 'ts-node --project tsconfig.dev.json bench/real-rate.ts' }],
});
project.addTask('bench:organizations-listing', {
  description:
    "The organization function's walk and the command's listing of ACCOUNTS accounts (default 5000) through an Organizations that pages by 20 and throttles at RATE calls/s (default 10)",
  steps: [{ exec: 'ts-node --project tsconfig.dev.json bench/organizations-listing.ts' }],
});
project.addTask('bench:apply-pace', {
  description:
    "The command's apply --yes of ACCOUNTS accounts × 3 contacts (default 200,1000) at the Account API's quotas, against max(writes ÷ 5/s, reads ÷ 10/s)",
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json bench/apply-pace.ts' }],
});
project.addTask('bench:run-timing', {
  description:
    "Organization runs under Lambda's real timing at ACCOUNTS (1000): two overlapping parameter versions, timeouts, duplicates; checked and the fence's cost measured",
  steps: [{ exec: 'ts-node --project tsconfig.dev.json bench/run-timing.ts' }],
});
// Tests at users' sizes that run real terraform for minutes: alone on the machine (CI's own step), never beside the
// timing tests of `npm test`, whose scaled-down Lambda timeouts they would crowd out on 2 cores.
project.addTask('test:scale', {
  description: "The Terraform OrganizationContacts at 130 accounts through terraform at the API's quotas (test/**/*.scale.ts), alone",
  exec: "jest --coverage=false --passWithNoTests=false --testMatch '<rootDir>/test/**/*.scale.ts'",
});
project.addTask('bench:terraform-scale', {
  description:
    "The Terraform OrganizationContacts at ACCOUNTS member accounts (default 1000) through real terraform, at the Account API's and Organizations' quotas: apply, second plan, exclusion",
  steps: [{ exec: 'ts-node --project tsconfig.dev.json bench/terraform-scale.ts' }],
});
project.addTask('bench:organization', {
  description:
    'Time and API calls for OrganizationContacts to converge ACCOUNTS accounts (default 5000) at PUT_RATE writes/s (default 100), against the lower bound',
  steps: [{ exec: 'ts-node --project tsconfig.dev.json bench/organization.ts' }],
});

// The newcomer's first command: synthesize the example app and print what it would deploy.
project.addTask('example', {
  description: 'Synthesize the example app (examples/app.ts) and print a summary of what it would deploy',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project tsconfig.dev.json examples/app.ts' }],
});

// Cloud assemblies the lifecycle tests synthesize (inside the project so that code assets find node_modules).
// Added last: projen drops an earlier '/test/.tmp/' when it adds '!/test/'.
project.gitignore.addPatterns('/test/.tmp/');
// The Java end-to-end project's build (scripts/java-end-to-end.sh).
project.gitignore.addPatterns('/test/java/target/');
// The tests' Python tools (scripts/test-setup.sh).
project.gitignore.addPatterns('/.test-tools/');
// The Terraform packages are packages of their own: never inside this one's tarball.
project.addPackageIgnore('/packages/');
// The npm package is an allow-list (package.json's files): what users need, never what the tests, the end-to-end
// scripts or a CI run leave in the working tree (the tests' Python tools were once shipped: a 300 MB venv). npm adds
// package.json, README.md, LICENSE and CHANGELOG.md itself. scripts/release-dry-run.sh holds the tarball to the same
// list (scripts/check-release-artifacts.py) and to a size.
project.package.addField('files', [
  'lib/**/*.js',
  'lib/**/*.d.ts',
  '.jsii',
  '.jsii.tabl.json',
  'assets/**',
  'schema/*.json',
  'docs/*.md',
  'docs/*.json',
  'API.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
]);
// The Terraform packages' generated sources and build output (scripts/build-terraform-package.sh).
project.gitignore.addPatterns(
  '/packages/*/src/',
  '/packages/*/lib/',
  '/packages/*/dist/',
  '/packages/*/.jsii',
  '/packages/*/tsconfig.json',
  '/packages/*/node_modules/',
  '/packages/*/LICENSE',
  '/packages/*/tsconfig.tsbuildinfo',
);

// The peer floor: the oldest aws-cdk-lib whose construct tests pass (scripts/floor-tests.sh aws-cdk-lib, run by
// .ci/run). Below it, DynamoDB's pointInTimeRecoverySpecification is ignored silently (2.177.0 fails the tests).
// The development dependency stays the newest (cdkVersion above): the tests run on both.
export const AWS_CDK_LIB_FLOOR = '2.178.0';
project.deps.removeDependency('aws-cdk-lib', DependencyType.PEER);
project.deps.addDependency(`aws-cdk-lib@^${AWS_CDK_LIB_FLOOR}`, DependencyType.PEER);
project.deps.removeDependency('aws-cdk-lib', DependencyType.BUILD);
project.deps.addDependency('aws-cdk-lib@2.276.0', DependencyType.BUILD);
project.deps.addDependency('constructs@10.5.1', DependencyType.BUILD);

project.synth();
