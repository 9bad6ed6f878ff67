/**
 * `account-contacts policy`: the least-privilege IAM policy of an audit with the same options, from the check
 * table, without an AWS call.
 */
import { Command } from 'commander';
import { CheckOptions, auditPolicy, checkOptions } from './check-options';
import { Write, selectionOptions } from './command-options';
import { leastPrivilegePolicy } from '../audit/checks';
import { chosenChecks } from '../audit/findings';
import { Selection } from '../read-accounts';

/** Adds `policy` to the program. */
export function addPolicyCommand(program: Command, write: Write): void {
  checkOptions(selectionOptions(program.command('policy')))
    .description('print the least-privilege IAM policy for an audit with these options (no AWS call)')
    .addHelpText('after', ['', 'Examples:', '  account-contacts policy --organization --checks CIS-2.3 > audit-policy.json'].join('\n'))
    .option('--import-findings', 'with securityhub:BatchImportFindings', false)
    .option('--verify-phone', 'with what verify-phone needs: account:SendPhoneNumberVerification and account:VerifyPhoneNumber', false)
    .action((options: Selection & CheckOptions & { importFindings: boolean; verifyPhone: boolean }, command: Command) => {
      const checks = chosenChecks(auditPolicy(options, command));
      const scope = {
        members: Boolean(options.organization || options.accountIds?.length),
        organization: Boolean(options.organization),
        importFindings: options.importFindings,
        verifyPhone: options.verifyPhone,
      };
      write(`${JSON.stringify(leastPrivilegePolicy(checks, scope), undefined, 2)}\n`);
    });
}
