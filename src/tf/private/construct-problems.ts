/**
 * The CDK for Terraform side of `private/construct-problems.ts`: cdktf's tokens and warnings, the same warning ids.
 */
import { IConstruct } from 'constructs';
import { Advice } from '../../contacts/advice';
import { WARNING_ID_PREFIX } from '../../contacts/problems';
import { Annotations, Token } from '../framework';

/** Values that are cdktf tokens are not known at synth time: Terraform and the API check them at apply time. */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * Adds advice as cdktf warnings; each message starts with its stable id (`[cdk-account-contacts:<id>]`).
 */
export function warnAbout(scope: IConstruct, advice: Advice[]): void {
  for (const item of advice) {
    Annotations.of(scope).addWarning(`[${WARNING_ID_PREFIX}${item.id}] ${item.message}`);
  }
}

export { registerProblems } from '../../contacts/problems';
