/**
 * The resource counts the docs state come from a synthesis, not from memory: `OrganizationContacts` is synthesized at
 * sizes users have (no selection, and 1 to 5,000 listed accounts), and every sentence of README.md and docs/ that
 * states its count must state what was synthesized. A change that adds a resource fails here until the docs say so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrganizationContacts } from '../src';
import { SECURITY } from './support/contacts-fixtures';

jest.setTimeout(120_000);

interface Counts {
  /** Resources with the default props (and up to 130 listed accounts). */
  readonly fewest: number;
  /** The most resources at any size. */
  readonly most: number;
  /** The role's managed policies for the writes, fewest and most. */
  readonly fewestPolicies: number;
  readonly mostPolicies: number;
}

function synthesized(listedAccounts: number): { resources: number; policies: number } {
  const stack = new Stack(new App(), 'Contacts', { env: { account: '111122223333', region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Organization', {
    security: SECURITY,
    ...(listedAccounts > 0
      ? { accountSelection: { accountIds: Array.from({ length: listedAccounts }, (_, index) => String(200000000000 + index)) } }
      : {}),
  });
  const resources = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>);
  return { resources: resources.length, policies: resources.filter((resource) => resource.Type === 'AWS::IAM::ManagedPolicy').length };
}

let counts: Counts;

beforeAll(() => {
  const sizes = [0, 1, 130, 131, 260, 500, 1000, 2000, 5000].map(synthesized);
  counts = {
    fewest: sizes[0].resources,
    most: Math.max(...sizes.map((size) => size.resources)),
    fewestPolicies: Math.min(...sizes.map((size) => size.policies)),
    mostPolicies: Math.max(...sizes.map((size) => size.policies)),
  };
});

/** Every sentence that states a count, and the numbers it must state, in its order. */
const CLAIMS: ReadonlyArray<{ readonly file: string; readonly pattern: RegExp; readonly numbers: (counts: Counts) => number[] }> = [
  {
    file: 'README.md',
    pattern: /\| `OrganizationContacts` \|[^|]*\| (\d+) resources \(queue[^|]*\(at most (\d+) more\)/,
    numbers: (c) => [c.fewest, c.most - c.fewest],
  },
  { file: 'docs/aws-behaviours.md', pattern: /`OrganizationContacts` is (\d+) to (\d+) resources at any size/, numbers: (c) => [c.fewest, c.most] },
  {
    file: 'docs/operations.md',
    pattern: /Its role holds (\d+) to (\d+)\s+managed policies for the writes \((\d+) to (\d+) resources\)/,
    numbers: (c) => [c.fewestPolicies, c.mostPolicies, c.fewest, c.most],
  },
  {
    file: 'docs/operations.md',
    pattern: /`OrganizationContacts` is (\d+) resources for 1 to 130 listed accounts and at most (\d+) at any size/,
    numbers: (c) => [c.fewest, c.most],
  },
  {
    file: 'docs/operations.md',
    pattern: /`OrganizationContacts`: (\d+) to (\d+) resources whatever the number of accounts/,
    numbers: (c) => [c.fewest, c.most],
  },
  {
    file: 'docs/benchmarks.md',
    pattern: /\| (\d+) resources \(default props; up to (\d+) with 131 to 1,000 listed accounts\)/,
    numbers: (c) => [c.fewest, c.most],
  },
];

test.each(CLAIMS.map((claim) => [claim.file, claim.pattern.source.slice(0, 60), claim]))(
  '%s states what is synthesized: %s',
  (_file, _shown, claim) => {
    const text = fs.readFileSync(path.join(__dirname, '..', claim.file), 'utf8');
    const found = claim.pattern.exec(text);
    // A sentence reworded is a claim no longer checked: the pattern here must follow it.
    expect(found).not.toBeNull();
    expect(found!.slice(1).map(Number)).toEqual(claim.numbers(counts));
  },
);

test('the counts are those of a real synthesis, at the sizes users have', () => {
  // The fewest is the default props' stack; the most needs enough listed accounts for several managed policies.
  expect(counts.fewest).toBeGreaterThan(20);
  expect(counts.most).toBeGreaterThan(counts.fewest);
  expect(counts.mostPolicies).toBe(counts.fewestPolicies + (counts.most - counts.fewest));
});
