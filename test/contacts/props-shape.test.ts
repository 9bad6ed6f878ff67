/**
 * Props of every construct, AWS CDK and Terraform, as a careless or hostile caller passes them (plain JavaScript, a
 * variable instead of an object literal, a `null` from JSON): each is refused with the construct path, the field and
 * the rule, never a raw TypeError, and a misspelt prop is never ignored. The generated part mutates valid props
 * (fast-check, fixed seed) and checks that construction and synth either succeed or fail with such messages only.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Testing } from 'cdktf';
import * as fc from 'fast-check';
import { AccountContactDetails, OrganizationContacts, SecurityContacts } from '../../src';
import { propsShapeProblems, structShape, PROP_SHAPES, ALTERNATE_CONTACT_SHAPE } from '../../src/contacts/props-shape';
import * as tf from '../../src/tf';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { newStack as newTerraformStack } from '../support/tf-stacks';

const SEED = 20261204;
const RUNS = 300;

function cdkStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
}

type Make = (props: unknown) => { synth: () => void };

/** Every construct of the library, built in a fresh stack at `Stack/C`. */
const CONSTRUCTS: Record<string, { make: Make; valid: Record<string, unknown> }> = {
  SecurityContacts: {
    make: (props) => {
      const stack = cdkStack();
      new SecurityContacts(stack, 'C', props as never);
      return { synth: () => void (stack.node.root as App).synth() };
    },
    valid: { security: SECURITY, billing: BILLING, accountId: '222222222222' },
  },
  AccountContactDetails: {
    make: (props) => {
      const stack = cdkStack();
      new AccountContactDetails(stack, 'C', props as never);
      return { synth: () => void (stack.node.root as App).synth() };
    },
    valid: { contactInformation: PRIMARY, accountId: '222222222222' },
  },
  OrganizationContacts: {
    make: (props) => {
      const stack = cdkStack();
      new OrganizationContacts(stack, 'C', props as never);
      return { synth: () => void (stack.node.root as App).synth() };
    },
    valid: {
      security: SECURITY,
      accountSelection: { excludeAccountIds: ['333333333333'], excludeAccountTags: [{ key: 'contacts', value: 'unmanaged' }] },
      overrides: {
        accounts: [{ accountId: '222222222222', billing: BILLING }],
        organizationalUnits: [{ organizationalUnitId: 'ou-ab12-abcdefgh', security: SECURITY }],
      },
    },
  },
  'tf.SecurityContacts': {
    make: (props) => {
      const stack = newTerraformStack();
      new tf.SecurityContacts(stack, 'C', props as never);
      return { synth: () => void Testing.synth(stack, true) };
    },
    valid: { security: SECURITY, billing: BILLING, accountId: '222222222222' },
  },
  'tf.AccountContactDetails': {
    make: (props) => {
      const stack = newTerraformStack();
      new tf.AccountContactDetails(stack, 'C', props as never);
      return { synth: () => void Testing.synth(stack, true) };
    },
    valid: { contactInformation: PRIMARY },
  },
  'tf.OrganizationContacts': {
    make: (props) => {
      const stack = newTerraformStack();
      new tf.OrganizationContacts(stack, 'C', props as never);
      return { synth: () => void Testing.synth(stack, true) };
    },
    valid: { security: SECURITY, excludeAccountIds: ['333333333333'], accountOverrides: [{ accountId: '222222222222', billing: BILLING }] },
  },
};

function constructionError(name: string, props: unknown): Error | undefined {
  try {
    CONSTRUCTS[name].make(props);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const PATH = /\[[^\]]*\bC\]/;

describe.each(Object.keys(CONSTRUCTS))('%s', (name) => {
  const { valid } = CONSTRUCTS[name];

  test('valid props construct and synthesize', () => {
    expect(() => CONSTRUCTS[name].make(valid).synth()).not.toThrow();
  });

  test.each([
    ['undefined props', undefined, 'props must be an object of'],
    ['null props', null, 'props must be an object of'],
    ['a list as props', [valid], 'props must be an object of'],
  ])('%s: refused, naming the construct path', (_case, props, expected) => {
    const error = constructionError(name, props);
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toMatch(PATH);
    expect(error?.message).toContain(expected);
  });

  test('null for any prop is refused naming that prop (main: TypeError for contacts and lists, silently the default for the rest)', () => {
    for (const key of Object.keys(valid)) {
      const error = constructionError(name, { ...valid, [key]: null });
      expect(error?.message).toContain(`${key} is null: leave it out instead`);
      expect(error?.message).not.toMatch(/Cannot read properties|is not a function/);
    }
  });

  test('a misspelt prop is refused with the prop it resembles (TypeScript lets it through from a variable)', () => {
    const misspelt = Object.keys(valid).find((key) => key !== 'security' && key !== 'contactInformation') ?? 'accountId';
    const typo = `${misspelt.slice(0, -2)}${misspelt.slice(-2).toUpperCase()}`;
    const error = constructionError(name, { ...valid, [typo]: valid[misspelt] ?? '222222222222' });
    expect(error?.message).toMatch(new RegExp(`\\] ${typo} is not a field of \\w+Props: did you mean ${misspelt}\\?`));
  });
});

describe('structure inside the props', () => {
  test.each([
    [
      'OrganizationContacts',
      { security: SECURITY, accountSelection: { excludeAccountIds: '333333333333' } },
      'accountSelection.excludeAccountIds is a string: it must be a list',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, accountSelection: { accountIds: ['111111111111', null] } },
      'accountSelection.accountIds[1] is null: a list holds no empty items',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, accountSelection: ['111111111111'] },
      'accountSelection is a list: it must be an object of AccountSelection',
    ],
    ['OrganizationContacts', { security: SECURITY, overrides: { accounts: [null] } }, 'overrides.accounts[0] is null: a list holds no empty items'],
    [
      'OrganizationContacts',
      { security: SECURITY, overrides: { accounts: [{ acountId: '222222222222', billing: BILLING }] } },
      'overrides.accounts[0].acountId is not a field of AccountContactsOverride: did you mean accountId?',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, overrides: { account: [] } },
      'overrides.account is not a field of ContactsOverrides: did you mean accounts?',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, accountSelection: { excludeAccountTags: [{ key: 'a', vale: 'b' }] } },
      'accountSelection.excludeAccountTags[0].vale is not a field of AccountTag: did you mean value?',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, runs: { accountApiRates: { alternateContactWritesPerSeconds: 1 } } },
      'runs.accountApiRates.alternateContactWritesPerSeconds is not a field of AccountApiRates: did you mean alternateContactWritesPerSecond?',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, outsideChanges: { contactLock: { targetIds: 'ou-ab12-abcdefgh' } } },
      'outsideChanges.contactLock.targetIds is a string: it must be a list',
    ],
    ['OrganizationContacts', { security: SECURITY, safety: null }, 'safety is null: leave it out instead'],
    [
      'OrganizationContacts',
      { security: SECURITY, excludeAccountIds: ['333333333333'] },
      'excludeAccountIds is not a field of OrganizationContactsProps any more: it moved to accountSelection.excludeAccountIds (see the CHANGELOG)',
    ],
    [
      'OrganizationContacts',
      { security: SECURITY, restorePreviousContacts: true },
      'restorePreviousContacts is not a field of OrganizationContactsProps any more: it moved to removal (ContactRemoval.RESTORE_PREVIOUS)',
    ],
    ['SecurityContacts', { security: [SECURITY] }, 'security is a list: it must be an object of AlternateContact'],
    ['SecurityContacts', { security: 'security@example.com' }, 'security is a string: it must be an object of AlternateContact'],
    [
      'SecurityContacts',
      { security: { ...SECURITY, email: 'security@example.com' } },
      'security.email is not a field of AlternateContact: did you mean emailAddress?',
    ],
    [
      'AccountContactDetails',
      { contactInformation: { ...PRIMARY, adressLine2: 'Floor 3' } },
      'contactInformation.adressLine2 is not a field of ContactInformation: did you mean addressLine2?',
    ],
    [
      'tf.OrganizationContacts',
      { security: SECURITY, accountOverrides: { accountId: '222222222222' } },
      'accountOverrides is an object: it must be a list of AccountContactsOverride',
    ],
  ])('%s %j', (name, props, expected) => {
    const error = constructionError(name, props);
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toContain(`[Stack/C] ${expected}`.replace('[Stack/C]', error?.message.match(PATH)?.[0] ?? '[?]'));
  });

  test('tf.AccountContactDetails without contactInformation is refused, naming it (main: TypeError)', () => {
    expect(constructionError('tf.AccountContactDetails', {})?.message).toMatch(
      /\] contactInformation is required: give an object of ContactInformation$/,
    );
  });

  test('AccountContactDetails without contactInformation (a value or a parameter) fails synth, naming it', () => {
    // The CDK construct takes the contact as a value or as an SSM parameter: which one is the synth-time rules' call.
    const app = CONSTRUCTS.AccountContactDetails.make({});
    expect(() => app.synth()).toThrow(/\[Stack\/C\] contactInformation is required: give it as a value, or as contactInformationParameter/);
  });

  test('an unknown field holding undefined is ignored: it is what a leaving-out looks like in JavaScript', () => {
    expect(constructionError('SecurityContacts', { security: SECURITY, billng: undefined })).toBeUndefined();
  });

  test('every problem is listed at once, each on its own line with the path', () => {
    const error = constructionError('OrganizationContacts', { security: null, billing: [], excludeAcountIds: ['1'] });
    const lines = error!.message.split('\n').slice(1);
    expect(lines).toEqual([
      '[Stack/C] security is null: leave it out instead (null is not a value of any field)',
      '[Stack/C] billing is a list: it must be an object of AlternateContact',
      // A misspelt name of the flat props of 0.x: the field it resembles, and where that went.
      expect.stringMatching(
        /^\[Stack\/C\] excludeAcountIds is not a field of OrganizationContactsProps: did you mean excludeAccountIds, now accountSelection\.excludeAccountIds\?/,
      ),
    ]);
  });

  test("the shape tables know every field: structShape takes a Record over the interface's keys", () => {
    const shape = structShape<{ a: string; b?: string }>('Example', { a: PROP_SHAPES.VALUE, b: ALTERNATE_CONTACT_SHAPE });
    expect(propsShapeProblems({ a: 'x', zzzz: 1 }, shape)).toEqual([
      'zzzz is not a field of Example (its fields: a, b); an unknown field is refused, never ignored',
    ]);
  });
});

describe('generated props: never a raw TypeError, every message names the construct path (fast-check, seed 20261204)', () => {
  const junk = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.boolean(),
    fc.constant([]),
    fc.constant([null]),
    fc.constant({}),
    fc.constant({ name: null }),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  );
  const keyFor = (valid: Record<string, unknown>) =>
    fc.oneof(
      fc.constantFrom(...Object.keys(valid)),
      fc.constantFrom(...Object.keys(valid)).map((key) => `${key}s`),
      fc.constantFrom('billng', 'excludeAccountIDs', 'accountID', '__proto__x', 'constructor'),
    );

  test.each(Object.keys(CONSTRUCTS))('%s', (name) => {
    const { valid } = CONSTRUCTS[name];
    let refused = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(keyFor(valid), junk), { minLength: 1, maxLength: 3 }), (changes) => {
        const props: Record<string, unknown> = { ...valid };
        for (const [key, value] of changes) {
          props[key] = value;
        }
        let error: Error | undefined;
        try {
          CONSTRUCTS[name].make(props).synth();
        } catch (caught) {
          error = caught as Error;
        }
        if (error === undefined) {
          return;
        }
        refused += 1;
        expect(error).not.toBeInstanceOf(TypeError);
        expect(error.message).not.toMatch(/Cannot read properties|is not a function|is not iterable/);
        const lines = error.message
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.startsWith('['));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          expect(line).toMatch(PATH);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Most mutations are wrong: the test must have seen refusals, or it checked nothing.
    expect(refused).toBeGreaterThan(RUNS / 2);
  });
});
