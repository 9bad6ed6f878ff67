/**
 * One rule, four doors: a contact field value is refused at synth (the construct), by the per-account function (the
 * value arrives as a token, known only at deploy time), and by the command's declaration file with the same problem,
 * and accepted by all when it is valid. Generated values (fast-check, fixed seed) mix printable text, control and
 * format characters, markup, template expressions, lengths around the API's limits and non-string values; the
 * function runs against the local Account Management API double, which also refuses what AWS refuses. A literal
 * `${Token[...]}` is left out: the AWS CDK itself reads it as a token.
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { SecurityContacts } from '../../src';
import { validateDeclarationDocument } from '../../src/contacts/declaration-file';
import { ALTERNATE_CONTACT_RULES } from '../../src/contacts/validation';
import { handleContactsResourceEvent } from '../../src/handler/contacts-resource';
import { AccountContactsApi } from '../../src/runtime/account-api';
import { AccountApiServer } from '../support/account-api-server';
import { FAST_RETRIES, accountClient } from '../support/clients';
import { SECURITY, alternateContactEvent } from '../support/contacts-fixtures';

const SEED = 20261204;
const RUNS = 150;
const MANAGEMENT = '111111111111';
let server: AccountApiServer;
let api: AccountContactsApi;

beforeAll(async () => {
  server = await AccountApiServer.start({ callerAccountId: MANAGEMENT });
  api = new AccountContactsApi(accountClient(server.endpoint), { callerAccountId: MANAGEMENT, retry: FAST_RETRIES });
});
afterAll(() => server.stop());

/** The problems of each door, without where they were found: the construct path and the field prefix differ. */
function synthProblems(field: string, value: unknown): string[] {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: MANAGEMENT, region: 'us-east-1' } });
  const contacts = new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, [field]: value } as never });
  return contacts.node.validate();
}

/** The function's problems, joined as its error message joins them (a problem may itself hold '; '). */
async function handlerProblems(field: string, value: unknown): Promise<string> {
  const member = ALTERNATE_CONTACT_RULES.find((rule) => rule.field === field)!.apiMember;
  try {
    await handleContactsResourceEvent(alternateContactEvent('Create', { [member]: value, DeleteOnRemoval: 'false' }), {
      api,
      ownAccountId: MANAGEMENT,
      log: () => undefined,
    });
    return '';
  } catch (error) {
    expect((error as Error).name).toBe('ContactValidationError');
    return (error as Error).message.replace(/^Stack\/Contacts: /, '');
  }
}

function declarationFileProblems(field: string, value: unknown): string[] {
  return validateDeclarationDocument({ accounts: [{ accountId: 'self', security: { ...SECURITY, [field]: value } }] }).map((problem) =>
    problem.message.replace(/^accounts\[0\]\./, ''),
  );
}

const values = fc.oneof(
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.constantFrom('', ' ', '\t', 'Security\u0000Team', 'Team\u200b', '<script>', '${aws:username}', '#{x}', 'x'.repeat(64), 'x'.repeat(65)),
  { weight: 3, arbitrary: fc.constantFrom('security@example.com', 'soc+aws@example.co.uk', 'x@y.io') },
  fc.constantFrom('a@b', '@example.com', 'security@example.com\n', `${'a'.repeat(243)}@example.com`, `${'a'.repeat(244)}@example.com`),
  fc.constantFrom('+1 206 555 0100', '+1-206-555-0100', '(206) 555 0100', 'call me', '+', '1'.repeat(25), '1'.repeat(26)),
);

describe.each(ALTERNATE_CONTACT_RULES.map((rule) => rule.field))('%s', (field) => {
  test(`synth, the function and the declaration file give the same answer (${RUNS} values, seed ${SEED})`, async () => {
    const outcomes = { refused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        const atSynth = synthProblems(field, value);
        const inFunction = await handlerProblems(field, value);
        const inFile = declarationFileProblems(field, value);
        expect(inFunction).toEqual(atSynth.join('; '));
        expect(inFile).toEqual(atSynth);
        outcomes[atSynth.length > 0 ? 'refused' : 'accepted'] += 1;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // A property that never met both outcomes proves little.
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
    expect(outcomes.accepted).toBeGreaterThan(RUNS / 20);
  });
});

test('a value known only at deploy time is left to the function at synth, which refuses it', async () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: MANAGEMENT, region: 'us-east-1' } });
  const contacts = new SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, name: Lazy.string({ produce: () => ' ' }) } });
  expect(contacts.node.validate()).toEqual([]);
  expect(await handlerProblems('name', ' ')).toEqual(synthProblems('name', ' ').join('; '));
  expect(await handlerProblems('name', ' ')).not.toEqual('');
});
