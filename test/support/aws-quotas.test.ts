/**
 * The quota double refuses what AWS refuses, in the service's words, and takes what AWS takes: at each quota exactly,
 * and one past it. (moto and the deployment simulator accepted all of these before.)
 */
import { AWS_QUOTAS, QuotaResource, deploymentRefusals, largestPolicy, policyCharacters, resourceRefusal, templateRefusal } from './aws-quotas';

const ROLE = 'Stack-Role-ABCDEFGH';

/** A policy document of exactly `characters` characters as IAM counts them. */
function documentOf(characters: number): Record<string, unknown> {
  const empty = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'account:PutAlternateContact', Resource: '' }] };
  const padding = characters - policyCharacters(empty);
  return {
    ...empty,
    Statement: [
      { ...empty.Statement[0], Resource: `arn:aws:account::*:account/o-*/${'1'.repeat(padding - 'arn:aws:account::*:account/o-*/'.length)}` },
    ],
  };
}
const role = (properties: Record<string, unknown> = {}): QuotaResource => ({
  logicalId: 'Role',
  type: 'AWS::IAM::Role',
  physicalId: ROLE,
  properties,
});
const managed = (index: number, characters = 200): QuotaResource => ({
  logicalId: `Managed${index}`,
  type: 'AWS::IAM::ManagedPolicy',
  physicalId: `arn:aws:iam::111111111111:policy/Managed${index}`,
  properties: { PolicyDocument: documentOf(characters), Roles: [ROLE] },
});
const inline = (index: number, characters: number): QuotaResource => ({
  logicalId: `Inline${index}`,
  type: 'AWS::IAM::Policy',
  physicalId: `Stack-Inline${index}`,
  properties: { PolicyDocument: documentOf(characters), Roles: [ROLE] },
});

test('IAM counts characters without white space', () => {
  const document = documentOf(500);
  expect(policyCharacters(document)).toBe(500);
  expect(policyCharacters(JSON.stringify(document, undefined, 4))).toBe(500);
});

test('a managed policy holds 6,144 characters: one more is LimitExceeded', () => {
  expect(resourceRefusal(managed(1, 6_144), [role(), managed(1, 6_144)])).toBeUndefined();
  expect(resourceRefusal(managed(1, 6_145), [role(), managed(1, 6_145)])).toMatch(/^Cannot exceed quota for PolicySize: 6144 /);
});

test("a role's inline policies hold 10,240 characters together, whichever policy crosses it", () => {
  const first = inline(1, 6_000);
  expect(resourceRefusal(inline(2, 4_240), [role(), first, inline(2, 4_240)])).toBeUndefined();
  expect(resourceRefusal(inline(2, 4_241), [role(), first, inline(2, 4_241)])).toBe(
    `Maximum policy size of 10240 bytes exceeded for role ${ROLE} (Service: Iam, Status Code: 409; LimitExceeded)`,
  );
  // The role's own Policies count too.
  const withOwn = role({ Policies: [{ PolicyName: 'Own', PolicyDocument: documentOf(4_241) }] });
  expect(resourceRefusal(withOwn, [withOwn, first])).toMatch(/^Maximum policy size of 10240 bytes exceeded/);
});

test('a role takes 10 managed policies, by name or by ARN: the 11th is LimitExceeded', () => {
  const ten = Array.from({ length: 10 }, (_, index) => managed(index));
  expect(resourceRefusal(ten[9], [role(), ...ten])).toBeUndefined();
  const byArn = role({ ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
  expect(resourceRefusal(ten[9], [byArn, ...ten])).toBe(
    'Cannot exceed quota for PoliciesPerRole: 10 (Service: Iam, Status Code: 409; LimitExceeded)',
  );
});

test('an SCP holds 5,120 characters', () => {
  const scp = (characters: number): QuotaResource => ({
    logicalId: 'Lock',
    type: 'AWS::Organizations::Policy',
    physicalId: 'p-abcdefgh',
    properties: { Content: documentOf(characters), Type: 'SERVICE_CONTROL_POLICY' },
  });
  expect(resourceRefusal(scp(AWS_QUOTAS.serviceControlPolicyCharacters), [])).toBeUndefined();
  expect(resourceRefusal(scp(AWS_QUOTAS.serviceControlPolicyCharacters + 1), [])).toMatch(/POLICY_CONTENT_LIMIT_EXCEEDED/);
});

test("a function's environment holds 4 KB, measured as its JSON", () => {
  const fn = (bytes: number): QuotaResource => ({
    logicalId: 'Function',
    type: 'AWS::Lambda::Function',
    physicalId: 'Stack-Function-ABCDEFGH',
    // {"A":"..."} is 8 characters around the value.
    properties: { Environment: { Variables: { A: 'x'.repeat(bytes - 8) } } },
  });
  expect(resourceRefusal(fn(4_096), [])).toBeUndefined();
  expect(resourceRefusal(fn(4_097), [])).toMatch(/exceeded the 4KB limit\. String measured: \{"A":"x/);
});

test('a template holds 500 resources and 1 MB', () => {
  const resources = (count: number, bytes = 0) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, index) => [`R${index}`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'x'.repeat(bytes) } }]),
    );
  expect(templateRefusal({ Resources: resources(500) })).toBeUndefined();
  expect(templateRefusal({ Resources: resources(501) })).toBe(
    'Template format error: Number of resources, 501, is greater than maximum allowed, 500',
  );
  expect(templateRefusal({ Resources: resources(100, 10_000) })).toBe('Template may not exceed 1000000 bytes in size.');
});

test('deploymentRefusals lists each refusal once; largestPolicy measures a role inline policies together', () => {
  const stack = [role(), inline(1, 6_000), inline(2, 5_000), managed(1, 6_200)];
  expect(deploymentRefusals(stack, { Resources: {} })).toEqual([
    `Maximum policy size of 10240 bytes exceeded for role ${ROLE} (Service: Iam, Status Code: 409; LimitExceeded)`,
    'Cannot exceed quota for PolicySize: 6144 (Service: Iam, Status Code: 409; LimitExceeded)',
  ]);
  expect(largestPolicy(stack)).toEqual({ kind: 'role inline', characters: 11_000 });
});
