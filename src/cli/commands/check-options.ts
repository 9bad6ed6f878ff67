/**
 * The options that choose the checks, shared by `audit` and `policy`, and the audit policy they make.
 */
import { Command, Option } from 'commander';
import { listItems, EXIT_USAGE } from './command-options';
import { checkNames, findCheck } from '../audit/checks';
import { CIS_VERSIONS, CisVersion, NEWEST_CIS_VERSION } from '../audit/cis-versions';
import { AuditPolicy } from '../audit/findings';

/** Check ids, space or comma separated; repeatable. Resolved with the CIS version once every option is read. */
export function checksArgument(value: string, previous: string[] = []): string[] {
  return [...previous, ...listItems(value, '--checks')];
}

/** The options that choose the checks, shared by `audit` and `policy`. */
export interface CheckOptions {
  readonly checks?: string[];
  readonly cisVersion: CisVersion;
  readonly requireDistinctSecurity: boolean;
  readonly requireDistinctContacts: boolean;
}

export function checkOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--cis-version <version>', 'the CIS AWS Foundations Benchmark version whose numbers are reported')
        .choices(CIS_VERSIONS)
        .default(NEWEST_CIS_VERSION),
    )
    .option(
      '--checks <ids...>',
      'run only these checks, reading only what they need: CIS numbers of --cis-version or check ids (default: all but securitySharedWithOtherTypes)',
      checksArgument,
    )
    .option(
      '--require-distinct-security',
      'report a SECURITY contact that shares its email address with BILLING or OPERATIONS (adds the check securitySharedWithOtherTypes)',
      false,
    )
    .option(
      '--require-distinct-contacts',
      "report contacts that share an email address or a phone number, the primary contact's phone included (adds the check contactsNotDistinct)",
      false,
    );
}

/** The audit policy of the options; an unknown check is a usage error (exit 64) that lists the checks of the version. */
export function auditPolicy(options: CheckOptions, command: Command): AuditPolicy {
  const checks = options.checks?.map((id) => {
    const check = findCheck(id, options.cisVersion);
    if (!check) {
      command.error(`error: unknown check '${id}' in CIS ${options.cisVersion}: expected one of ${checkNames(options.cisVersion)}`, {
        exitCode: EXIT_USAGE,
      });
    }
    return check.id;
  });
  return {
    cisVersion: options.cisVersion,
    checks,
    requireDistinctSecurityContact: options.requireDistinctSecurity,
    requireDistinctContacts: options.requireDistinctContacts,
  };
}
