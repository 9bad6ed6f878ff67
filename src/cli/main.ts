/**
 * `account-contacts`: checks live AWS accounts against the CIS contact controls (`audit`) and against what the
 * code declares (`diff`). Credentials and region come from the default AWS chain, as for the AWS CLI.
 *
 * Exit codes: 0 all accounts pass / no drift, 1 findings or drift, 2 an account, a declaration or the endpoint could
 * not be read, 64 wrong arguments.
 */
import * as fs from 'fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { applyExitCode, applyPlan, renderOutcomes } from './apply/apply-plan';
import { Approval, NOT_APPROVED_MESSAGES, approveWrites, terminalQuestion } from './apply/approval';
import { planContacts, renderPlan } from './apply/contacts-plan';
import { checkNames, findCheck, leastPrivilegePolicy, readsOf } from './audit/checks';
import { CIS_VERSIONS, CisVersion, NEWEST_CIS_VERSION } from './audit/cis-versions';
import { AuditPolicy, chosenChecks, evaluateAccount, exitCode } from './audit/findings';
import { isAccountInScope, usesAccountTags } from '../contacts/organization-declaration';
import { validateAccountId } from '../contacts/validation';
import { asffFindings, renderAsff } from './audit/formats/asff-report';
import { renderCsv } from './audit/formats/csv-report';
import { renderHtml } from './audit/formats/html-report';
import { renderJson } from './audit/formats/json-report';
import { renderJunit } from './audit/formats/junit-report';
import { renderMarkdown } from './audit/formats/markdown-report';
import { renderOcsf } from './audit/formats/ocsf-report';
import { renderSarif } from './audit/formats/sarif-report';
import { renderTable } from './audit/formats/table-report';
import { importFindings, importSucceeded, renderImportResult } from './audit/security-hub-import';
import { compareWithDeclaration, diffExitCode, nothingCompared, renderDiffJson, renderDiffText } from './diff/diff-report';
import { ExpectedContacts, SELF, checkDeclaredForCaller, declaredReads, loadDeclarationFile, loadExpectedContacts } from './diff/expected-contacts';
import { resolveOrganizationDeclarations } from './diff/organization-declarations';
import { withParameterContacts } from './diff/parameter-contacts';
import {
  GlobalOptions,
  Selection,
  callerAccountApi,
  listOrganizationPlacements,
  parameterStoreClient,
  readSelectedAccounts,
  securityHubTarget,
} from './read-accounts';
import { colourEnabled, toolVersion } from './terminal';
import { VerifyPhoneOptions, VerifyPhoneUsageError, checkVerifyPhoneOptions, processTerminal, verifyPhone } from './verify-phone';
import { contactParameterReader } from '../runtime/contact-parameter-reader';

/** Wrong arguments (BSD sysexits' EX_USAGE), apart from 2: an account could not be read. */
const EXIT_USAGE = 64;
const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0   every account passes (audit) / no drift (diff)',
  '  1   findings (audit) / drift (diff)',
  '  2   an account, a declaration or the AWS endpoint could not be read',
  `  ${EXIT_USAGE}  wrong arguments`,
].join('\n');

interface OutputFile {
  readonly format: string;
  readonly file: string;
}

/** `FORMAT=FILE`, repeatable. */
function outputFileArgument(formats: string[]) {
  return (value: string, previous: OutputFile[] = []): OutputFile[] => {
    const separator = value.indexOf('=');
    const format = value.slice(0, separator);
    if (separator < 1 || separator === value.length - 1 || !formats.includes(format)) {
      throw new InvalidArgumentError(`expected FORMAT=FILE with FORMAT one of ${formats.join(', ')}, got '${value}'`);
    }
    return [...previous, { format, file: value.slice(separator + 1) }];
  };
}

const AUDIT_FORMATS = ['table', 'json', 'markdown', 'junit', 'asff', 'sarif', 'ocsf', 'csv', 'html'];

/** Writes each --output-file; returns a line per file that could not be written, naming it and why. */
function writeOutputFiles(files: readonly OutputFile[], render: (format: string) => string): string[] {
  const problems: string[] = [];
  for (const { format, file } of files) {
    try {
      fs.writeFileSync(file, render(format));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push(`could not write --output-file ${format}=${file} (${reason}): the report was printed to stdout only`);
    }
  }
  return problems;
}

interface AuditOptions extends Selection, CheckOptions {
  readonly importFindings: boolean;
  readonly format: string;
  readonly output?: string;
  readonly outputFile?: OutputFile[];
}

/** A count that may be 0: `--max-changes 0` is how a pipeline says "no change at all". */
function wholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a number above 0');
  }
  return number;
}

/** Check ids, space or comma separated; repeatable. Resolved with the CIS version once every option is read. */
function checksArgument(value: string, previous: string[] = []): string[] {
  return [...previous, ...listItems(value, '--checks')];
}

/** The options that choose the checks, shared by `audit` and `policy`. */
interface CheckOptions {
  readonly checks?: string[];
  readonly cisVersion: CisVersion;
  readonly requireDistinctSecurity: boolean;
  readonly requireDistinctContacts: boolean;
}

function checkOptions(command: Command): Command {
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
function auditPolicy(options: CheckOptions, command: Command): AuditPolicy {
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

/**
 * A list flag's values, space or comma separated: an empty value or an empty item (`''`, `a,,b`, `a,`) is refused, so
 * that a list that was given never ends up empty and falls back to a wider default.
 */
function listItems(value: string, flag: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new InvalidArgumentError(
      value.trim() === ''
        ? `${flag} was given an empty value: name at least one, or leave ${flag} out`
        : `${flag} '${value}' has an empty item: separate items with one comma or space`,
    );
  }
  return items;
}

function accountIdArgument(value: string, previous: string[] = []): string[] {
  const ids = listItems(value, '--account-ids');
  for (const id of ids) {
    const [problem] = validateAccountId(id);
    if (problem) {
      throw new InvalidArgumentError(problem.message);
    }
  }
  return [...previous, ...ids];
}

function selectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--organization', 'every ACTIVE account of the organization (from the management account or delegated administrator)').conflicts(
        'accountIds',
      ),
    )
    .option('--account-ids <ids...>', 'these 12-digit account ids (space or comma separated)', accountIdArgument);
}

export function buildProgram(write: (text: string) => void = (text) => process.stdout.write(text)): Command {
  const program = new Command('account-contacts')
    .description('Check the contacts of AWS accounts against the CIS AWS Foundations Benchmark (1.1, 1.2) and against what your code declares.')
    .option('--profile <name>', 'AWS CLI profile: its credentials, region and endpoint_url (default: AWS_PROFILE, else the AWS credential chain)')
    .option('--region <region>', "AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1)")
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (for testing)')
    .option('--concurrency <count>', 'accounts read at once', positiveNumber, 4)
    .option(
      '--timeout <seconds>',
      'the longest the whole run may take: reads still under way then fail (their accounts are errors, exit 2)',
      positiveNumber,
    )
    .option(
      '--rate <per-second>',
      'client-side limit of each Account API operation (default: the AWS quotas, token buckets with their burst)',
      positiveNumber,
    )
    .option('--show-contacts', 'show email addresses, phone numbers and names in full (masked by default)', false)
    .option('--no-color', 'no colours in the table (also NO_COLOR; FORCE_COLOR colours when piped)')
    .version(toolVersion(), '--version', 'print the version')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .showHelpAfterError()
    // Before the subcommands: they inherit it, so usage errors come back here (exit 64) instead of exiting with 1.
    .exitOverride();

  checkOptions(selectionOptions(program.command('audit')))
    .description(
      'evaluate the CIS contact recommendations (security contact; primary contact, billing and operations contacts) and the advice, per account',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        "  account-contacts audit                                   # the caller's own account",
        '  account-contacts audit --organization --output junit --output-file json=audit.json',
        '  account-contacts audit --organization --checks CIS-2.3   # only the security contact (reads SECURITY only)',
        '  account-contacts audit --cis-version 3.0.0               # numbered as CIS v3.0.0',
        '  account-contacts audit --organization --import-findings  # findings to Security Hub (ASFF; --output asff to see them)',
      ].join('\n'),
    )
    .addOption(
      new Option(
        '--format <format>',
        'output format (asff: AWS Security Finding Format; sarif: SARIF 2.1.0; ocsf: OCSF Compliance Findings; csv: one row per account and check; html: an evidence page)',
      )
        .choices(AUDIT_FORMATS)
        .default('table'),
    )
    .addOption(new Option('--output <format>', "the same as --format (the AWS CLI's name)").choices(AUDIT_FORMATS))
    .option(
      '--output-file <format=file>',
      'also write this format to this file (repeatable: --output-file junit=report.xml --output-file json=report.json)',
      outputFileArgument(AUDIT_FORMATS),
    )
    .option('--import-findings', 'also import the findings into AWS Security Hub (BatchImportFindings, 100 per call; exit 2 when one fails)', false)
    .action(async (options: AuditOptions, command: Command) => {
      const global = program.opts<GlobalOptions>();
      const policy = auditPolicy(options, command);
      const { snapshots, callerAccountId } = await readSelectedAccounts(global, options, readsOf(chosenChecks(policy)));
      const reports = snapshots.map((snapshot) => evaluateAccount(snapshot, policy));
      const reportOptions = { showContacts: global.showContacts };
      let target: ReturnType<typeof securityHubTarget> | undefined;
      const hub = () => (target ??= securityHubTarget(global));
      const origin = { toolVersion: toolVersion(), generatedAt: new Date().toISOString(), callerAccountId };
      const render = (format: string, colour: boolean): string => {
        switch (format) {
          case 'json':
            return renderJson(reports, reportOptions, origin);
          case 'markdown':
            return renderMarkdown(reports, reportOptions);
          case 'junit':
            return renderJunit(reports);
          case 'asff':
            return renderAsff(reports, { ...origin, region: hub().region });
          case 'sarif':
            return renderSarif(reports, origin);
          case 'ocsf':
            return renderOcsf(reports, origin);
          case 'csv':
            return renderCsv(reports, origin);
          case 'html':
            return renderHtml(reports, reportOptions, origin);
          default:
            return renderTable(reports, { ...reportOptions, colour });
        }
      };
      // The report reaches stdout first: a file that cannot be written never costs the run its report.
      write(render(options.output ?? options.format, colourEnabled(global.color, process.env, process.stdout.isTTY === true)));
      process.exitCode = exitCode(reports);
      const unwritten = writeOutputFiles(options.outputFile ?? [], (format) => render(format, false));
      if (unwritten.length > 0) {
        process.stderr.write(unwritten.map((line) => `account-contacts: ${line}\n`).join(''));
        process.exitCode = 2;
      }
      if (options.importFindings) {
        const result = await importFindings(hub().client, asffFindings(reports, { ...origin, region: hub().region }));
        process.stderr.write(renderImportResult(result, hub().endpoint));
        process.exitCode = importSucceeded(result) ? process.exitCode : 2;
      }
    });

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

  program
    .command('verify-phone')
    .description("verify the primary contact's phone number: AWS sends a passcode by SMS to that phone, you type it here (or give it with --code)")
    .option(
      '--account-id <id>',
      "a member account (from the management account or the delegated administrator); the code goes to that account's phone (default: the caller's own account)",
    )
    .option('--code <passcode>', 'submit this passcode (from the SMS of an earlier --send-only run) without sending a new one')
    .option('--send-only', 'send the passcode and stop: for scripts, which then run again with --code', false)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  account-contacts verify-phone                                # your own account: the SMS goes to its primary phone',
        '  account-contacts verify-phone --account-id 222233334444 --send-only',
        '  account-contacts verify-phone --account-id 222233334444 --code 123456',
        '',
        'Needs account:GetContactInformation, account:SendPhoneNumberVerification and account:VerifyPhoneNumber',
        '(account-contacts policy --verify-phone prints the policy).',
      ].join('\n'),
    )
    .action(async (options: VerifyPhoneOptions) => {
      try {
        checkVerifyPhoneOptions(options);
        const { api, callerAccountId } = await callerAccountApi(program.opts<GlobalOptions>());
        process.exitCode = await verifyPhone(api, options, processTerminal(), callerAccountId);
      } catch (error) {
        if (!(error instanceof VerifyPhoneUsageError)) {
          throw error;
        }
        process.stderr.write(`account-contacts: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });

  selectionOptions(program.command('diff'))
    .description(
      'compare live contacts with the declared ones: a cloud assembly folder, a CloudFormation template, a cdktf cdk.tf.json, or a JSON/YAML declaration file',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  account-contacts diff --expected cdk.out                 # SecurityContacts, AccountContactDetails, OrganizationContacts',
        '  account-contacts diff --expected cdktf.out --output json',
        '  account-contacts diff --expected contacts.yaml --organization',
      ].join('\n'),
    )
    .requiredOption('--expected <file>', 'the declaration')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--output <format>', "the same as --format (the AWS CLI's name)").choices(['text', 'json']))
    .action(async (options: Selection & { expected: string; format: string; output?: string }) => {
      const global = program.opts<GlobalOptions>();
      const loaded = loadExpectedContacts(options.expected);
      // Contacts held in SSM parameters are read first (ssm:GetParameter, and kms:Decrypt for a customer managed key).
      const withParameters =
        loaded.parameterContacts?.length || loaded.organizationDeclarations?.some(({ parameterNames }) => parameterNames)
          ? await withParameterContacts(loaded, contactParameterReader(parameterStoreClient(global)))
          : loaded;
      const expected = await withOrganizationAccounts(withParameters, global);
      const selection = declaredSelection(expected, options);
      // Only the contact kinds the declaration holds are read (and need permissions).
      const { snapshots } = await readSelectedAccounts(global, selection, declaredReads(expected));
      const result = compareWithDeclaration(expected, snapshots, { showContacts: global.showContacts });
      write((options.output ?? options.format) === 'json' ? renderDiffJson(expected, result) : renderDiffText(expected, result));
      process.exitCode = diffExitCode(result);
    });

  selectionOptions(program.command('apply'))
    .description('write what a declaration file asks for, only where the accounts differ: plan (masked), then write, rate-limited')
    .requiredOption('--declaration <file>', 'the YAML/JSON declaration (the form diff reads)')
    .option('--dry-run', 'print the plan and write nothing', false)
    .option('--max-changes <accounts>', 'refuse a plan that changes more accounts than this (0: any change): exit 2, nothing written', wholeNumber)
    .option('-y, --yes', 'write without asking (a pipeline); at a terminal apply asks first, elsewhere it writes nothing without this', false)
    .option('--auto-approve', 'the same as --yes (the name Terraform users type)', false)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  account-contacts apply --declaration contacts.yaml --dry-run      # the plan, nothing written',
        '  account-contacts apply --declaration contacts.yaml --max-changes 20   # asks before it writes',
        '  account-contacts apply --declaration contacts.yaml --yes              # a pipeline: writes without asking',
      ].join('\n'),
    )
    .action(async (options: Selection & { declaration: string; dryRun: boolean; maxChanges?: number; yes: boolean; autoApprove: boolean }) => {
      const global = program.opts<GlobalOptions>();
      const expected = await withOrganizationAccounts(loadDeclarationFile(options.declaration), global);
      const { snapshots, api } = await readSelectedAccounts(global, declaredSelection(expected, options), declaredReads(expected));
      const plan = planContacts(expected, snapshots, { showContacts: global.showContacts });
      if (plan.changes.length + plan.unchanged + plan.unreadable.length === 0) {
        throw new Error(`${nothingCompared(expected.source)} Nothing was written.`);
      }
      write(renderPlan(plan, expected.source));
      if (options.maxChanges !== undefined && plan.changes.length > options.maxChanges) {
        throw new Error(`the plan changes ${plan.changes.length} accounts, more than --max-changes ${options.maxChanges}: nothing was written`);
      }
      if (options.dryRun || plan.changes.length === 0) {
        write(options.dryRun ? 'Dry run: nothing written.\n' : 'Nothing to write.\n');
        process.exitCode = plan.unreadable.length > 0 ? 2 : 0;
        return;
      }
      const approval = await approveWrites(plan.changes.length, options.yes || options.autoApprove, terminalQuestion());
      if (approval !== Approval.APPROVED) {
        write(NOT_APPROVED_MESSAGES[approval]);
        process.exitCode = approval === Approval.DECLINED ? 1 : 2;
        return;
      }
      const outcomes = await applyPlan(api, plan, global.concurrency);
      write(renderOutcomes(outcomes, plan));
      process.exitCode = applyExitCode(outcomes, plan);
    });

  return program;
}

/** The accounts to read: those chosen, else the organization when it has defaults, else the declared accounts. */
function declaredSelection(expected: ExpectedContacts, options: Selection): Selection {
  const checkCaller = (callerAccountId: string) => checkDeclaredForCaller(expected, callerAccountId);
  if (options.accountIds !== undefined || options.organization) {
    return { ...options, checkCaller };
  }
  return expected.organizationDefaults
    ? { organization: true, checkCaller }
    : {
        accountIds: [...expected.accounts.keys(), ...(expected.organizationAccounts?.keys() ?? [])].filter((id) => id !== SELF),
        includeCaller: expected.accounts.has(SELF),
        checkCaller,
      };
}

/**
 * The accounts that a cloud assembly's OrganizationContacts manage, resolved against the organization as listed now;
 * declarations that manage no ACTIVE account are an error (exit 2), never "no drift".
 */
async function withOrganizationAccounts(expected: ExpectedContacts, global: GlobalOptions): Promise<ExpectedContacts> {
  const declarations = expected.organizationDeclarations ?? [];
  const excludedUnits = expected.excludeOrganizationalUnitIds ?? [];
  if (excludedUnits.length > 0) {
    // Where each account sits, read as the organization function reads it: the accounts under an excluded unit, at
    // any depth, are left alone.
    const placements = await listOrganizationPlacements(global);
    const unitsOnly = { excludeAccountIds: [], excludeOrganizationalUnitIds: excludedUnits };
    const excludedUnitAccountIds = new Set(
      placements.filter((placement) => !isAccountInScope(unitsOnly, placement)).map((placement) => placement.accountId),
    );
    expected = { ...expected, excludedUnitAccountIds };
  }
  if (declarations.length === 0) {
    return expected;
  }
  const withTags = declarations.some(({ declaration }) => usesAccountTags(declaration));
  const { resolved, overlaps } = resolveOrganizationDeclarations(declarations, await listOrganizationPlacements(global, withTags));
  if (resolved.size === 0 && expected.accounts.size === 0 && !expected.organizationDefaults) {
    throw new Error(
      `${expected.source}: ${declarations.map((declaration) => declaration.source).join(', ')} manage no ACTIVE account of the organization (scope, organizational units and exclusions applied): nothing to compare`,
    );
  }
  return { ...expected, organizationAccounts: resolved, skipped: [...expected.skipped, ...overlaps] };
}

export async function main(argv: string[]): Promise<void> {
  // The SDK in this bundle is fixed when the package is built: its notice about SDK versions published later (which
  // will need Node 22) says nothing about this command, and took 9 lines of stderr on every run on Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // A reader that stops early (`--help | head`) closes the pipe: the rest of the output has nowhere to go, which is
  // not an error of the command. Other write errors are.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      throw error;
    }
    process.exit(process.exitCode ?? 0);
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`account-contacts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) {
  void main(process.argv);
}
