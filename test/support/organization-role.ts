/**
 * The `OrganizationContacts` role as IAM would hold it after a deployment: the synthesized template resolved in
 * partition `aws` (template-resolver.ts), the role's inline and managed policies, and what IAM answers a call on a
 * given account (the tests' IAM evaluator, with the condition keys AWS sets on each call).
 */
import { App, Stack } from 'aws-cdk-lib';
import { QuotaResource } from './aws-quotas';
import { BILLING, SECURITY } from './contacts-fixtures';
import { Decision, PolicyDocument, evaluatePolicies } from './iam-policy';
import { resolveTemplate } from './template-resolver';
import { OrganizationContacts, OrganizationContactsProps } from '../../src';

export const OWN = '111122223333';
export const MANAGEMENT = '999988887777';
export const ORGANIZATION = 'o-abcdefghij';
export const ROOT = 'r-ab12';

const ROLE_DESCRIPTION = 'cdk-account-contacts: applies the declared contacts to the accounts of the organization';

/** One synthesized stack with one `OrganizationContacts`: its resolved resources, the role's policies, the warnings. */
export interface SynthesizedOrganizationContacts {
  readonly resources: QuotaResource[];
  readonly template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  readonly policies: PolicyDocument[];
  /** Warning ids (`cdk-account-contacts:...`) and messages. */
  readonly warnings: Array<{ id: string; message: string }>;
}

export function synthesizeOrganizationContacts(props: Partial<OrganizationContactsProps>, account = OWN): SynthesizedOrganizationContacts {
  const app = new App({ context: { 'aws:cdk:validation': false } });
  const stack = new Stack(app, 'Stack', { env: { account, region: 'us-east-1' } });
  new OrganizationContacts(stack, 'Contacts', { security: SECURITY, billing: BILLING, ...props });
  const artifact = app.synth().getStackByName('Stack');
  const template = artifact.template;
  const resources = resolveTemplate(template, 'Stack', account);
  const warnings = artifact.messages
    .filter((message) => message.level === 'warning')
    .map((message) => {
      const text = String(message.entry.data);
      return { id: text.match(/\[ack: ([^\]]+)\]/)?.[1] ?? '', message: text };
    });
  return { resources, template, policies: rolePolicies(resources), warnings };
}

/** The identity-based policies of the organization role: inline (`AWS::IAM::Policy`) and managed, attached by name. */
export function rolePolicies(resources: QuotaResource[]): PolicyDocument[] {
  const role = resources.find((resource) => resource.type === 'AWS::IAM::Role' && resource.properties.Description === ROLE_DESCRIPTION);
  if (!role) {
    throw new Error('no OrganizationContacts role in the template');
  }
  return resources
    .filter(
      (resource) =>
        ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.type) &&
        ((resource.properties.Roles ?? []) as string[]).includes(role.physicalId),
    )
    .map((resource) => resource.properties.PolicyDocument as PolicyDocument);
}

export interface Call {
  readonly action: string;
  /** The target account; the caller's own (no AccountId) when it is the stack's account. */
  readonly accountId: string;
  /** Where the target sits: units from the root down. @default at the root */
  readonly units?: string[];
  readonly type?: string;
  /** The stack's (caller's) account. @default OWN */
  readonly caller?: string;
}

/** What IAM answers the call: the resource ARN and the condition keys as AWS sets them. */
export function decide(policies: PolicyDocument[], call: Call): Decision {
  const caller = call.caller ?? OWN;
  const standalone = call.accountId === caller;
  return evaluatePolicies(policies, {
    action: call.action,
    resource: standalone ? `arn:aws:account::${caller}:account` : `arn:aws:account::${MANAGEMENT}:account/${ORGANIZATION}/${call.accountId}`,
    context: {
      ...(call.type ? { 'account:AlternateContactTypes': [call.type] } : {}),
      // Set for a member account managed with AccountId: its path through the organization.
      ...(standalone
        ? {}
        : { 'account:AccountResourceOrgPaths': [`${ORGANIZATION}/${ROOT}/${(call.units ?? []).map((unit) => `${unit}/`).join('')}`] }),
    },
  });
}

export const put = (accountId: string, extra: Partial<Call> = {}): Call => ({
  action: 'account:PutAlternateContact',
  accountId,
  type: 'SECURITY',
  ...extra,
});
