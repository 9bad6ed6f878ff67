import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { WARNING_ID_PREFIX } from './construct-checks';
import { Advice } from './contacts/advice';

/** Values that are tokens are not known at synth time: the handler checks them at deploy time. */
export const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);

/**
 * Adds advice as warnings with stable ids (`cdk-account-contacts:<id>`), which users can acknowledge with
 * `Annotations.of(scope).acknowledgeWarning(id)`.
 */
export function warnAbout(scope: IConstruct, advice: Advice[]): void {
  for (const item of advice) {
    Annotations.of(scope).addWarningV2(`${WARNING_ID_PREFIX}${item.id}`, item.message);
  }
}
