/**
 * The contact lock's service control policy: deny the three contact-changing actions to every principal of the
 * targets except the construct's role and the exempted principals. Its statements are built here, once, for the
 * construct and its tests.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { ContactLock } from '../contact-lock';
import { POLICY_TARGET_ID_RULE, ValidationProblem, validateField } from '../contacts/validation';
import { isUnresolved } from '../private/construct-problems';

/** The Account Management actions that change contacts: what the lock denies. */
export const CONTACT_LOCK_ACTIONS = ['account:PutAlternateContact', 'account:DeleteAlternateContact', 'account:PutContactInformation'];

/** The statement id users will see in a denied call's message. */
export const CONTACT_LOCK_STATEMENT_ID = 'DenyContactChangesExceptCdkAccountContacts';

/** The policy document: one Deny, with the principals that may still change contacts under `ArnNotLike`. */
export function contactLockPolicyDocument(allowedPrincipalArns: string[]): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [{
      Sid: CONTACT_LOCK_STATEMENT_ID,
      Effect: 'Deny',
      Action: CONTACT_LOCK_ACTIONS,
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': allowedPrincipalArns } },
    }],
  };
}

/** Target ids by the Organizations API's rule; at least one target; exempt principals that are ARNs. */
export function contactLockProblems(lock: ContactLock): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (lock.targetIds.length === 0) {
    problems.push({ field: 'contactLock.targetIds', message: 'contactLock.targetIds is empty: name the root, units or accounts to lock, or leave contactLock out' });
  }
  lock.targetIds.forEach((targetId, index) => {
    problems.push(...validateField(POLICY_TARGET_ID_RULE, targetId, { field: `contactLock.targetIds[${index}]`, isUnresolved }));
  });
  (lock.exemptPrincipalArns ?? []).forEach((arn, index) => {
    if (!isUnresolved(arn) && !/^arn:aws[a-z-]*:(iam|sts)::[\d*?]{1,12}:/.test(arn)) {
      problems.push({
        field: `contactLock.exemptPrincipalArns[${index}]`,
        message: `contactLock.exemptPrincipalArns[${index}] '${arn}' is not an IAM principal ARN (arn:aws:iam::<account>:role/<name>; aws:PrincipalArn of a role session is its role's ARN)`,
      });
    }
  });
  return problems;
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
