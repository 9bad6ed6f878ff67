/**
 * One owner per contact in an app, at synth: two constructs that would both write one account's contact of a type
 * are refused on the second, naming the first. What depends on where accounts sit (units) is left to the deployment.
 */
import { App, Stack } from 'aws-cdk-lib';
import { AccountContactDetails, OrganizationContacts, OrganizationContactsProps, SecurityContacts } from '../src';
import { BILLING, PRIMARY, SECURITY } from './support/contacts-fixtures';

const MANAGEMENT = '111122223333';
const [MEMBER, OTHER] = ['222233334444', '333344445555'];

/** An app of one stack per construct (all in the management account), synthesized; its errors, or []. */
function synthErrors(build: (app: App) => void): string[] {
  const app = new App();
  build(app);
  try {
    app.synth();
    return [];
  } catch (error) {
    return String((error as Error).message)
      .split('\n')
      .filter((line) => line.includes('['));
  }
}

let stacks = 0;
const stackIn = (app: App) => new Stack(app, `Stack${++stacks}`, { env: { account: MANAGEMENT, region: 'us-east-1' } });
const organization = (app: App, id: string, props: Partial<OrganizationContactsProps> = {}) => {
  const stack = stackIn(app);
  new OrganizationContacts(stack, id, { security: SECURITY, ...props });
  return `${stack.stackName}/${id}`;
};

test('two OrganizationContacts of the whole organization: the second is refused, naming the first', () => {
  let first = '';
  const errors = synthErrors((app) => {
    first = organization(app, 'First');
    organization(app, 'Second');
  });
  expect(errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `/Second\\] its scope meets ${first}'s at every account of the organization, and both declare SECURITY: one owner per contact: narrow one scope`,
      ),
    ),
  ]);
});

test('scopes that cannot meet are accepted: other accounts, an exclusion', () => {
  expect(
    synthErrors((app) => {
      organization(app, 'Listed', { accountSelection: { accountIds: [MEMBER] } });
      organization(app, 'OtherListed', { accountSelection: { accountIds: [OTHER] } });
      organization(app, 'ExcludesBoth', { accountSelection: { excludeAccountIds: [MEMBER, OTHER, MANAGEMENT] } });
    }),
  ).toEqual([]);
  expect(
    synthErrors((app) => {
      organization(app, 'Everything', { accountSelection: { excludeAccountIds: [MEMBER] } });
      organization(app, 'Member', { accountSelection: { accountIds: [MEMBER] } });
    }),
  ).toEqual([]);
});

test('a listed account both cover, and a unit the whole organization covers, are refused', () => {
  expect(
    synthErrors((app) => {
      organization(app, 'Listed', { accountSelection: { accountIds: [MEMBER] } });
      organization(app, 'AlsoListed', { accountSelection: { accountIds: [OTHER, MEMBER] } });
    }),
  ).toEqual([expect.stringMatching(/\/AlsoListed\] its scope meets .*\/Listed's at account 222233334444, and both declare SECURITY/)]);
  expect(
    synthErrors((app) => {
      organization(app, 'Everything');
      organization(app, 'Unit', { accountSelection: { organizationalUnitIds: ['ou-ab12-payments'] } });
    }),
  ).toEqual([expect.stringMatching(/\/Unit\] its scope meets .*\/Everything's at the accounts of unit ou-ab12-payments/)]);
});

test('units that may nest are left to the deployment, where the organization is known', () => {
  expect(
    synthErrors((app) => {
      organization(app, 'Payments', { accountSelection: { organizationalUnitIds: ['ou-ab12-payments'] } });
      organization(app, 'Workloads', { accountSelection: { organizationalUnitIds: ['ou-ab12-workload'] } });
    }),
  ).toEqual([]);
});

/** The `scopesMayOverlap` warnings of an app, by construct path. */
function overlapWarnings(build: (app: App) => void): string[] {
  const app = new App();
  build(app);
  return app
    .synth()
    .stacks.flatMap((stack) => stack.messages)
    .filter((message) => message.level === 'warning' && String(message.entry.data).includes('cdk-account-contacts:scopesMayOverlap'))
    .map((message) => `${message.id} ${String(message.entry.data)}`);
}

test('scopes that meet only if accounts sit where synth cannot see are warned, naming both and the refusal the deployment would give', () => {
  const byUnit = { accountSelection: { organizationalUnitIds: ['ou-ab12-payments'] } };
  let unit = '';
  expect(
    overlapWarnings((app) => {
      unit = organization(app, 'Payments', byUnit);
      organization(app, 'Member', { accountSelection: { accountIds: [MEMBER] } });
    }),
  ).toEqual([
    expect.stringMatching(
      new RegExp(
        `^/Stack[0-9]+/Member its scope may meet ${unit}'s at account ${MEMBER}, if it sits under unit ou-ab12-payments, and both declare SECURITY: synth cannot tell where accounts sit; if they meet, the deployment of the second is refused before any write`,
      ),
    ),
  ]);
  // Nested units, and a per-account construct beside a unit's scope, in either order.
  expect(
    overlapWarnings((app) => {
      organization(app, 'Payments', byUnit);
      organization(app, 'Workloads', { accountSelection: { organizationalUnitIds: ['ou-ab12-workload'] } });
    }),
  ).toEqual([expect.stringContaining('units ou-ab12-workload and ou-ab12-payments, if one is nested in the other')]);
  for (const unitFirst of [true, false]) {
    const warnings = overlapWarnings((app) => {
      if (unitFirst) {
        organization(app, 'Payments', byUnit);
      }
      new SecurityContacts(stackIn(app), 'Member', { accountId: MEMBER, security: SECURITY });
      if (!unitFirst) {
        organization(app, 'Payments', byUnit);
      }
    });
    expect(warnings).toEqual([expect.stringMatching(/may meet .*'s at account 222233334444, if it sits under unit ou-ab12-payments/)]);
  }
  // No warning where nothing can meet: other contact types, an excluded account, a certain overlap (refused instead).
  expect(
    overlapWarnings((app) => {
      organization(app, 'Payments', { ...byUnit, accountSelection: { ...byUnit.accountSelection, excludeAccountIds: [MEMBER] } });
      organization(app, 'Member', { accountSelection: { accountIds: [MEMBER] } });
      new AccountContactDetails(stackIn(app), 'Primary', { accountId: OTHER, contactInformation: PRIMARY });
    }),
  ).toEqual([]);
});

test('a SecurityContacts for an account an OrganizationContacts covers is refused, in either order, in any stack of the app', () => {
  expect(
    synthErrors((app) => {
      organization(app, 'Everything');
      new SecurityContacts(stackIn(app), 'Member', { accountId: MEMBER, security: SECURITY });
    }),
  ).toEqual([
    expect.stringMatching(
      /\/Member\] SECURITY contact of account 222233334444 is also declared by .*\/Everything, whose scope covers it: one owner per contact/,
    ),
  ]);
  expect(
    synthErrors((app) => {
      new SecurityContacts(stackIn(app), 'Own', { security: SECURITY });
      organization(app, 'Everything');
    }),
  ).toEqual([
    expect.stringMatching(/\/Everything\] its scope covers account 111122223333, whose SECURITY contact .*\/Own declares: one owner per contact/),
  ]);
  // An excluded account, or a type the organization does not declare (the primary contact): no overlap.
  expect(
    synthErrors((app) => {
      organization(app, 'Everything', { accountSelection: { excludeAccountIds: [MEMBER] }, billing: BILLING });
      new SecurityContacts(stackIn(app), 'Member', { accountId: MEMBER, security: SECURITY });
      new AccountContactDetails(stackIn(app), 'Primary', { accountId: OTHER, contactInformation: PRIMARY });
    }),
  ).toEqual([]);
});

test('two per-account constructs for one account and type in two stacks of one app are refused', () => {
  expect(
    synthErrors((app) => {
      new SecurityContacts(stackIn(app), 'First', { accountId: MEMBER, security: SECURITY });
      new SecurityContacts(stackIn(app), 'Second', { accountId: MEMBER, security: SECURITY });
    }),
  ).toEqual([
    expect.stringMatching(
      /\/Second\] SECURITY contact of account 222233334444 is already declared by .*\/First: declare each account's contact of a type once/,
    ),
  ]);
});
