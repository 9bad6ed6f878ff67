/**
 * The AWS quotas a synthesized template meets when it is deployed, and the refusal each service answers past one, in
 * the service's own words. The deployment simulator asks these before an operation (CloudFormation's template checks)
 * and when it creates or updates a resource (IAM, Organizations, Lambda); the benchmark asks them of a template.
 *
 * Sources: IAM User Guide, "IAM and AWS STS quotas" (6,144 characters a managed policy, 10,240 for a role's inline
 * policies together, 10 managed policies a role; white space not counted); AWS Organizations quotas (an SCP holds
 * 5,120 characters); CloudFormation quotas (500 resources, a template of 1 MB from S3); Lambda quotas (4 KB of
 * environment variables, measured as their JSON). The custom resource answer (4,096 bytes) is the recorder's.
 *
 * It is a test double: it shares no code with the library under test.
 */

export const AWS_QUOTAS = {
  managedPolicyCharacters: 6_144,
  roleInlinePolicyCharacters: 10_240,
  managedPoliciesPerRole: 10,
  serviceControlPolicyCharacters: 5_120,
  templateResources: 500,
  templateBytes: 1_000_000,
  lambdaEnvironmentBytes: 4_096,
} as const;

/** A resource as the stack holds it: resolved properties and its physical id. */
export interface QuotaResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
}

/** IAM's measure: the document's characters without white space outside strings. */
export function policyCharacters(document: unknown): number {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return JSON.stringify(JSON.parse(text)).length;
}

/** What CloudFormation answers a template it will not start an operation on (`ValidationError`). */
export function templateRefusal(template: { Resources?: Record<string, unknown> }): string | undefined {
  const resources = Object.keys(template.Resources ?? {}).length;
  if (resources > AWS_QUOTAS.templateResources) {
    return `Template format error: Number of resources, ${resources}, is greater than maximum allowed, ${AWS_QUOTAS.templateResources}`;
  }
  // The CDK writes templates with one space of indentation; that file is what the CLI uploads.
  const bytes = Buffer.byteLength(JSON.stringify(template, undefined, 1));
  if (bytes > AWS_QUOTAS.templateBytes) {
    return `Template may not exceed ${AWS_QUOTAS.templateBytes} bytes in size.`;
  }
  return undefined;
}

/**
 * What the service answers when CloudFormation creates or updates `resource` in a stack that then holds `stack`
 * (every resource, `resource` included, as it would stand): a role's quotas are checked whenever one of its policies
 * or the role itself changes.
 */
export function resourceRefusal(resource: QuotaResource, stack: QuotaResource[]): string | undefined {
  const properties = resource.properties;
  switch (resource.type) {
    case 'AWS::IAM::ManagedPolicy': {
      const characters = policyCharacters(properties.PolicyDocument);
      if (characters > AWS_QUOTAS.managedPolicyCharacters) {
        return `Cannot exceed quota for PolicySize: ${AWS_QUOTAS.managedPolicyCharacters} (Service: Iam, Status Code: 409; LimitExceeded)`;
      }
      return rolesRefusal(asList(properties.Roles), stack);
    }
    case 'AWS::IAM::Policy':
      return rolesRefusal(asList(properties.Roles), stack);
    case 'AWS::IAM::Role':
      return rolesRefusal([resource.physicalId], stack);
    case 'AWS::Organizations::Policy': {
      const characters = policyCharacters(properties.Content);
      if (characters > AWS_QUOTAS.serviceControlPolicyCharacters) {
        return 'ConstraintViolationException: You attempted to create a policy that is larger than the maximum size (POLICY_CONTENT_LIMIT_EXCEEDED)';
      }
      return undefined;
    }
    case 'AWS::Lambda::Function': {
      const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      const measured = JSON.stringify(variables ?? {});
      if (Buffer.byteLength(measured) > AWS_QUOTAS.lambdaEnvironmentBytes) {
        return (
          'InvalidParameterValueException: Lambda was unable to configure your environment variables because the environment variables you have ' +
          `provided exceeded the 4KB limit. String measured: ${measured.slice(0, 120)}…`
        );
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Every quota of a template at once, for the benchmark and the size tests: the refusals, none when it deploys. */
export function deploymentRefusals(resources: QuotaResource[], template: { Resources?: Record<string, unknown> }): string[] {
  const refusals = [templateRefusal(template), ...resources.map((resource) => resourceRefusal(resource, resources))];
  return [...new Set(refusals.filter((refusal): refusal is string => refusal !== undefined))];
}

/** The largest IAM policy of the stack, in IAM's characters (a role's inline policies counted together). */
export function largestPolicy(resources: QuotaResource[]): { kind: 'managed' | 'role inline'; characters: number } {
  let largest: { kind: 'managed' | 'role inline'; characters: number } = { kind: 'managed', characters: 0 };
  for (const resource of resources) {
    const measured =
      resource.type === 'AWS::IAM::ManagedPolicy'
        ? { kind: 'managed' as const, characters: policyCharacters(resource.properties.PolicyDocument) }
        : resource.type === 'AWS::IAM::Role'
          ? { kind: 'role inline' as const, characters: inlineCharacters(resource.physicalId, resources) }
          : undefined;
    if (measured && measured.characters > largest.characters) {
      largest = measured;
    }
  }
  return largest;
}

function rolesRefusal(roleNames: unknown[], stack: QuotaResource[]): string | undefined {
  for (const roleName of roleNames.map(String)) {
    if (inlineCharacters(roleName, stack) > AWS_QUOTAS.roleInlinePolicyCharacters) {
      return `Maximum policy size of ${AWS_QUOTAS.roleInlinePolicyCharacters} bytes exceeded for role ${roleName} (Service: Iam, Status Code: 409; LimitExceeded)`;
    }
    if (attachedManagedPolicies(roleName, stack) > AWS_QUOTAS.managedPoliciesPerRole) {
      return `Cannot exceed quota for PoliciesPerRole: ${AWS_QUOTAS.managedPoliciesPerRole} (Service: Iam, Status Code: 409; LimitExceeded)`;
    }
  }
  return undefined;
}

/** A role's inline policies together: those in the role's `Policies` and every `AWS::IAM::Policy` naming it. */
function inlineCharacters(roleName: string, stack: QuotaResource[]): number {
  const role = stack.find((resource) => resource.type === 'AWS::IAM::Role' && resource.physicalId === roleName);
  const own = asList(role?.properties.Policies).map((policy) => (policy as { PolicyDocument: unknown }).PolicyDocument);
  const attached = stack
    .filter((resource) => resource.type === 'AWS::IAM::Policy' && asList(resource.properties.Roles).includes(roleName))
    .map((resource) => resource.properties.PolicyDocument);
  return [...own, ...attached].reduce<number>((sum, document) => sum + policyCharacters(document), 0);
}

/** The managed policies attached to a role: its `ManagedPolicyArns` and every managed policy naming it. */
function attachedManagedPolicies(roleName: string, stack: QuotaResource[]): number {
  const role = stack.find((resource) => resource.type === 'AWS::IAM::Role' && resource.physicalId === roleName);
  const attached = new Set(asList(role?.properties.ManagedPolicyArns).map(String));
  stack
    .filter((resource) => resource.type === 'AWS::IAM::ManagedPolicy' && asList(resource.properties.Roles).includes(roleName))
    .forEach((resource) => attached.add(resource.physicalId));
  return attached.size;
}

function asList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
