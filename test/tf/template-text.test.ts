/**
 * Every string in `cdk.tf.json` is a Terraform template: `${...}` is an expression and `%{...}` a directive. The
 * shared text rule refuses both, so that what the rule lets through reaches AWS as the user typed it. Held with real
 * terraform: generated values that the rule accepts come out of terraform unchanged, the refused ones fail synth in
 * the Terraform constructs, and tricky accepted values are applied and read back from moto.
 */
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { Testing } from 'cdktf';
import * as fc from 'fast-check';
import { validateAlternateContact } from '../../src/contacts/validation';
import * as tf from '../../src/tf';
import { accountClient } from '../support/clients';
import { SECURITY } from '../support/contacts-fixtures';
import { useMotoServer } from '../support/moto-server';
import { Terraform, writeConfiguration } from '../support/terraform';
import { newLocalStack, newStack } from '../support/tf-stacks';

jest.setTimeout(300_000);

const SEED = 20261207;

/** Titles built from the characters Terraform's template syntax is made of, and a few letters. */
const templateLikeText = fc
  .string({ unit: fc.constantFrom('$', '%', '{', '}', '\\', '"', 'a', ' ', '~'), minLength: 1, maxLength: 14 })
  .map((text) => `T${text}`);

function acceptedTitle(title: string): boolean {
  return validateAlternateContact({ ...SECURITY, title }).length === 0;
}

test('a title the rule accepts is text to Terraform: terraform gives back exactly what was written', async () => {
  const titles = fc.sample(templateLikeText, { seed: SEED, numRuns: 400 });
  const accepted = [...new Set(titles.filter(acceptedTitle))];
  const refused = titles.filter((title) => !acceptedTitle(title));
  // The generator reaches both sides of the rule, and every refused title holds ${ or %{.
  // With this seed: 313 distinct accepted titles (68 holding both % and a brace), 51 refused.
  expect(accepted.length).toBeGreaterThan(100);
  expect(refused.length).toBeGreaterThan(20);
  expect(refused.every((title) => title.includes('${') || title.includes('%{'))).toBe(true);
  expect(accepted.some((title) => title.includes('%') && title.includes('{'))).toBe(true);

  // One output per title, read back with terraform's own evaluation of JSON strings.
  const outputs = Object.fromEntries(accepted.map((title, index) => [`t${index}`, { value: title }]));
  const terraform = new Terraform(writeConfiguration(JSON.stringify({ output: outputs })));
  await terraform.init();
  await terraform.apply();
  const values = JSON.parse(await terraform.run('output', '-json')) as Record<string, { value: string }>;
  expect(accepted.map((_title, index) => values[`t${index}`].value)).toEqual(accepted);
});

test.each([
  ['name', 'SOC %{if true}x%{endif}', 'holds %{'],
  ['title', 'Team 100%{x}', 'holds %{'],
  ['title', 'Team ${var.x}', 'holds ${'],
])('the Terraform SecurityContacts refuses %s %j at synth', (field, value, problem) => {
  const stack = newStack();
  new tf.SecurityContacts(stack, 'Contacts', { security: { ...SECURITY, [field]: value } });
  expect(() => Testing.synth(stack, true)).toThrow(new RegExp(`\\[stack/Contacts\\] security\\.${field} .*${problem.replace(/[$%{]/g, '\\$&')}`));
});

describe('applied against moto', () => {
  const moto = useMotoServer({ resetEachTest: true });

  test('accepted values with %, $ and braces are stored literally', async () => {
    const security = { ...SECURITY, name: 'SOC 100% {on call}', title: 'Ops $ {team} 50%' };
    const stack = newLocalStack({ account: moto.endpoint, organizations: moto.endpoint, sts: moto.endpoint });
    new tf.SecurityContacts(stack, 'Contacts', { security });
    const terraform = new Terraform(writeConfiguration(Testing.synth(stack, true)));
    await terraform.init();
    await terraform.run('validate', '-no-color');
    await terraform.apply();

    const { AlternateContact: stored } = await accountClient(moto.endpoint).send(
      new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }),
    );
    expect({ name: stored?.Name, title: stored?.Title }).toEqual({ name: security.name, title: security.title });
  });
});
