/**
 * cdk-nag's AwsSolutions, HIPAA Security and NIST 800-53 rev 5 packs on the example app's stacks, as a user runs
 * them: with ContactsNagAcknowledgements (one line) they pass; without it each stack fails, on this library's
 * resources only (the example's own topic and alarm are nag-clean).
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { AccountContactsStack, OrganizationContactsStack } from '../examples/example-app';
import { ContactsNagAcknowledgements } from '../src';

const STACKS = { AccountContactsStack, OrganizationContactsStack };

function exampleStack(name: keyof typeof STACKS, acknowledge: boolean): () => void {
  const app = new App();
  const stack: Stack = new STACKS[name](app, `${name}Example`, { env: { account: '111122223333', region: 'us-east-1' } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app));
  if (acknowledge) {
    ContactsNagAcknowledgements.acknowledge(stack);
  }
  return () => app.synth();
}

function findings(synth: () => void): Array<{ id: string; path: string }> {
  try {
    synth();
    return [];
  } catch (error) {
    return [...(error as Error).message.matchAll(/\n\s+(\S+) \S+\n\s+Acknowledge with '([^']+)'/g)].map((match) => ({
      path: match[1],
      id: match[2],
    }));
  }
}

describe.each(Object.keys(STACKS) as Array<keyof typeof STACKS>)('%s', (name) => {
  test('passes the three packs with the helper', () => {
    expect(findings(exampleStack(name, true))).toEqual([]);
  });

  test("without it, fails in each pack, on the library's own resources only", () => {
    const found = findings(exampleStack(name, false));
    for (const pack of ['AwsSolutions::', 'HIPAA.Security::', 'NIST.800.53.R5::']) {
      expect(found.some(({ id }) => id.startsWith(pack))).toBe(true);
    }
    const own = name === 'AccountContactsStack' ? /\/AccountContactsProvider\// : /\/OrganizationContacts\//;
    expect(found.filter(({ path }) => !own.test(path))).toEqual([]);
  });
});
