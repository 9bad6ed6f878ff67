/**
 * The contact lock's service control policy: deny the three contact-changing actions to every principal of the
 * targets except the construct's role and the exempted principals. Its statements are built here, once, for the
 * construct and its tests.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { ContactLock } from '../contact-lock';
import { POLICY_TARGET_ID_RULE, ValidationProblem, isAccountId, validateField } from '../contacts/validation';

/** A value known only at deploy time: left to CloudFormation and Organizations. */
const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/** The Account Management actions that change contacts: what the lock denies. */
export const CONTACT_LOCK_ACTIONS = ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'];

/** Organizations' quota for a service control policy document, in characters (white space left out). */
export const SERVICE_CONTROL_POLICY_MAX_CHARACTERS = 5_120;

/** The longest ARN the construct's role can have (a generated role name has at most 64 characters). */
const LONGEST_ROLE_ARN = `arn:aws-us-gov:iam::123456789012:role/${'x'.repeat(64)}`;

/** The statement id users will see in a denied call's message. */
export const CONTACT_LOCK_STATEMENT_ID = 'DenyContactChangesExceptCdkAccountContacts';

/** The policy document: one Deny, with the principals that may still change contacts under `ArnNotLike`. */
export function contactLockPolicyDocument(allowedPrincipalArns: string[]): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: CONTACT_LOCK_STATEMENT_ID,
        Effect: 'Deny',
        Action: CONTACT_LOCK_ACTIONS,
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': allowedPrincipalArns } },
      },
    ],
  };
}

/** Where the lock is in OrganizationContactsProps, for messages. */
const FIELD = 'outsideChanges.contactLock';

/** Target ids by the Organizations API's rule; at least one target; exempt principals that are ARNs. */
export function contactLockProblems(lock: ContactLock): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (lock.targetIds.length === 0) {
    problems.push({
      field: `${FIELD}.targetIds`,
      message: `${FIELD}.targetIds is empty: name the root, units or accounts to lock, or leave contactLock out`,
    });
  }
  lock.targetIds.forEach((targetId, index) => {
    problems.push(...validateField(POLICY_TARGET_ID_RULE, targetId, { field: `${FIELD}.targetIds[${index}]`, isUnresolved }));
  });
  const exempt = lock.exemptPrincipalArns ?? [];
  exempt.forEach((arn, index) => {
    if (!isUnresolved(arn) && !/^arn:aws[a-z-]*:(iam|sts)::[\d*?]{1,12}:/.test(arn)) {
      problems.push({
        field: `${FIELD}.exemptPrincipalArns[${index}]`,
        message: `${FIELD}.exemptPrincipalArns[${index}] '${arn}' is not an IAM principal ARN (arn:aws:iam::<account>:role/<name>; aws:PrincipalArn of a role session is its role's ARN)`,
      });
    }
  });
  // The policy's size, with the role's longest possible ARN: known at synth unless an exempt ARN is a token.
  if (!exempt.some((arn) => isUnresolved(arn))) {
    const characters = JSON.stringify(contactLockPolicyDocument([LONGEST_ROLE_ARN, ...exempt])).length;
    if (characters > SERVICE_CONTROL_POLICY_MAX_CHARACTERS) {
      problems.push({
        field: `${FIELD}.exemptPrincipalArns`,
        message:
          `${FIELD}: its service control policy would hold up to ${characters} characters with ${exempt.length} exempt principals, more than the ` +
          `${SERVICE_CONTROL_POLICY_MAX_CHARACTERS} an SCP may hold (AWS Organizations quota): exempt fewer principals, or one path or wildcard for many ` +
          '(arn:aws:iam::111111111111:role/break-glass/*). It cannot be split into more policies: every SCP applies, so each would deny what the other exempts',
      });
    }
  }
  return problems;
}

/** Advice on the lock: an exemption that names no account can be claimed by any locked account's administrator. */
export function contactLockAdvice(lock: ContactLock): Array<{ id: string; message: string }> {
  return (lock.exemptPrincipalArns ?? []).flatMap((arn, index) => {
    const account = /^arn:aws[a-z-]*:(?:iam|sts)::([^:]*):/.exec(arn)?.[1];
    if (isUnresolved(arn) || account === undefined || isAccountId(account)) {
      return [];
    }
    return [
      {
        id: 'contactLockExemptsEveryAccount',
        message:
          `${FIELD}.exemptPrincipalArns[${index}] '${arn}' matches a principal of that name in any account: an administrator of a locked ` +
          'account can create it there and change contacts despite the lock; name the account (arn:aws:iam::<account id>:role/<name>)',
      },
    ];
  });
}

/** The service control policy, attached to the lock's targets. */
export function addContactLock(scope: Construct, role: iam.IRole, lock: ContactLock): organizations.CfnPolicy {
  const stack = Stack.of(scope);
  return new organizations.CfnPolicy(scope, 'ContactLock', {
    name: `cdk-account-contacts-lock-${stack.stackName}`.slice(0, 128),
    description: `cdk-account-contacts: only ${scope.node.path} (and exempted principals) may change account contacts`.slice(0, 512),
    type: 'SERVICE_CONTROL_POLICY',
    content: contactLockPolicyDocument([role.roleArn, ...(lock.exemptPrincipalArns ?? [])]),
    targetIds: lock.targetIds,
  });
}
