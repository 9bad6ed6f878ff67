/**
 * IAM's quotas on a role's policies, and how a synthesized policy is measured against them at synth time
 * (IAM User Guide, "IAM and AWS STS quotas"): IAM counts the characters of the policy document without white space.
 * At synth a document still holds CloudFormation references; each is measured at the longest value it can take, so
 * that a policy measured to fit also fits when CloudFormation resolves it.
 */
import { Stack, Token } from 'aws-cdk-lib';

/** The quotas (defaults; an account can raise the number of managed policies per role, not the sizes). */
export const IAM_QUOTAS = {
  /** The characters of one customer managed policy. */
  managedPolicyCharacters: 6_144,
  /** The characters of all of a role's inline policies together. */
  roleInlinePolicyCharacters: 10_240,
  /** The managed policies attached to one role. */
  managedPoliciesPerRole: 10,
} as const;

/** The longest value of each pseudo parameter (`aws-us-gov`, `ap-southeast-5`, `amazonaws.com.cn`). */
const LONGEST_PSEUDO_PARAMETER: Record<string, number> = {
  'AWS::Partition': 10,
  'AWS::AccountId': 12,
  'AWS::Region': 14,
  'AWS::URLSuffix': 16,
  // arn:<partition>:cloudformation:<region>:<account>:stack/<name, 128>/<uuid>
  'AWS::StackId': 4 + 10 + 16 + 14 + 1 + 12 + 7 + 128 + 1 + 36,
};

/**
 * Any other reference (another resource's name or ARN): CloudFormation's generated names are about 100 characters
 * and ARNs add about 70; 256 is above both.
 */
const OTHER_REFERENCE_CHARACTERS = 256;

/** The characters IAM counts in a policy document (an `iam.PolicyDocument`, or its JSON), at its longest. */
export function policyCharacters(stack: Stack, document: unknown): number {
  return JSON.stringify(longest(stack, stack.resolve(document))).length;
}

/** The characters one value (a resource ARN, a condition value) adds to a list in a policy, comma included. */
export function listEntryCharacters(stack: Stack, value: string): number {
  return JSON.stringify(longest(stack, stack.resolve(value))).length + 1;
}

/** The resolved JSON with every CloudFormation reference replaced by a string of its longest length. */
function longest(stack: Stack, value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => longest(stack, item));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, inner] = entries[0];
    if (key === 'Ref') {
      return 'x'.repeat(referenceLength(stack, String(inner)));
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = inner as [string, unknown[]];
      return parts.map((part) => String(longest(stack, part))).join(separator);
    }
    if (key.startsWith('Fn::')) {
      return 'x'.repeat(OTHER_REFERENCE_CHARACTERS);
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, longest(stack, inner)]));
}

function referenceLength(stack: Stack, name: string): number {
  if (name === 'AWS::StackName') {
    // The stack's name is known at synth unless it is itself a token.
    return Token.isUnresolved(stack.stackName) ? 128 : stack.stackName.length;
  }
  return LONGEST_PSEUDO_PARAMETER[name] ?? OTHER_REFERENCE_CHARACTERS;
}
