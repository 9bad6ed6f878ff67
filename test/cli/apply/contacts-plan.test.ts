/**
 * The plan apply prints and writes: each account planned once. A streamed apply plans an account as it is read to
 * start its writes; the printed plan is made of those very plans, not of a second planning.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AccountSnapshot } from '../../../src/cli/account-snapshot';
import { AccountPlan, planAccount, planContacts } from '../../../src/cli/apply/contacts-plan';
import { loadDeclarationFile } from '../../../src/cli/diff/expected-contacts';
import { BILLING, SECURITY } from '../../support/contacts-fixtures';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-plan-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function declaration(): ReturnType<typeof loadDeclarationFile> {
  const file = path.join(work, 'contacts.yaml');
  fs.writeFileSync(
    file,
    stringify({
      accounts: [
        { accountId: '222233334444', security: SECURITY, billing: BILLING },
        { accountId: '333344445555', security: SECURITY },
      ],
    }),
  );
  return loadDeclarationFile(file);
}

function snapshot(accountId: string, alternateContacts: AccountSnapshot['alternateContacts']): AccountSnapshot {
  return { account: { accountId, own: false }, alternateContacts, reads: ['SECURITY', 'BILLING'], readErrors: {} } as AccountSnapshot;
}

const options = { showContacts: false };

test('the plans made as the accounts were read are the plan: none is computed again', () => {
  const expected = declaration();
  const snapshots = [snapshot('222233334444', { SECURITY }), snapshot('333344445555', {})];
  // What the streamed writes started from, kept as it was planned (a distinct object for each account).
  const planned = new Map<string, AccountPlan | undefined>(snapshots.map((read) => [read.account.accountId, planAccount(expected, read, options)]));
  const plan = planContacts(expected, snapshots, options, planned);
  expect(plan.changes).toHaveLength(2);
  plan.changes.forEach((change) => expect(change).toBe(planned.get(change.account.accountId)?.change));
});

test('an account not planned yet is planned here, and both ways give the same plan', () => {
  const expected = declaration();
  const snapshots = [snapshot('222233334444', { SECURITY, BILLING }), snapshot('333344445555', {})];
  const planned = new Map([[snapshots[1].account.accountId, planAccount(expected, snapshots[1], options)]]);
  const streamed = planContacts(expected, snapshots, options, planned);
  const whole = planContacts(expected, snapshots, options);
  expect(streamed).toEqual(whole);
  expect(whole.unchanged).toBe(1);
  expect(whole.changes.map((change) => change.account.accountId)).toEqual(['333344445555']);
});
