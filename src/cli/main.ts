/**
 * `account-contacts`: checks live AWS accounts against the CIS contact controls (`audit`) and against what the
 * code declares (`diff`). Credentials and region come from the default AWS chain, as for the AWS CLI.
 *
 * Exit codes: 0 all accounts pass / no drift, 1 findings or drift, 2 an account could not be read or bad usage.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { callerAccountId, namedAccounts, organizationAccounts } from './account-list';
import { AccountSnapshot, AccountToRead, readAccountSnapshot } from './account-snapshot';
import { FieldDifference, diffAccount } from './contacts-diff';
import { SELF, expectedFor, loadExpectedContacts } from './expected-contacts';
import { evaluateAccount, exitCode } from './findings';
import { renderJson } from './formats/json-report';
import { renderJunit } from './formats/junit-report';
import { renderMarkdown } from './formats/markdown-report';
import { renderTable } from './formats/table-report';
import { DEFAULT_OPERATION_RATES, OperationRate } from '../contacts/api-quotas';
import { validateAccountId } from '../contacts/validation';
import { AccountContactsApi } from '../runtime/account-api';
import { mapWithConcurrency } from '../runtime/concurrency';
import { RateLimiter } from '../runtime/rate-limiter';

interface GlobalOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  concurrency: number;
  rate?: number;
  showContacts: boolean;
  color: boolean;
}

interface Selection {
  organization?: boolean;
  accountIds?: string[];
  /** Read the caller's own account too (a declaration for `self`). */
  includeCaller?: boolean;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a number above 0');
  }
  return number;
}

function accountIdArgument(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  for (const id of ids) {
    const [problem] = validateAccountId(id);
    if (problem) {
      throw new InvalidArgumentError(problem.message);
    }
  }
  return [...previous, ...ids];
}

function clients(options: GlobalOptions) {
  const config = {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  };
  return {
    // The SDK's own retries are off: AccountContactsApi retries with backoff and jitter, and counts every call.
    account: new AccountClient({ ...config, maxAttempts: 1 }),
    organizations: new OrganizationsClient(config),
    sts: new STSClient(config),
  };
}

/** Reads every selected account with bounded concurrency and client-side rate limits; progress on a terminal. */
async function readSelectedAccounts(options: GlobalOptions, selection: Selection): Promise<{ snapshots: AccountSnapshot[] }> {
  const { account, organizations, sts } = clients(options);
  const caller = await callerAccountId(sts);
  const accounts: AccountToRead[] = selection.organization
    ? await organizationAccounts(organizations, caller)
    : selection.accountIds?.length || selection.includeCaller
      ? namedAccounts([...(selection.includeCaller ? [caller] : []), ...(selection.accountIds ?? [])], caller)
      : [{ accountId: caller, own: true }];
  const rate = options.rate;
  const rates: Record<string, OperationRate> = rate
    ? Object.fromEntries(Object.keys(DEFAULT_OPERATION_RATES).map((operation) => [operation, { perSecond: rate, burst: Math.ceil(rate / 10) }]))
    : DEFAULT_OPERATION_RATES;
  const api = new AccountContactsApi(account, { callerAccountId: caller, rateLimiter: new RateLimiter(rates) });
  const progress = process.stderr.isTTY
    ? new SingleBar({ format: 'reading contacts [{bar}] {value}/{total} accounts', stream: process.stderr, hideCursor: true })
    : undefined;
  progress?.start(accounts.length, 0);
  const snapshots = await mapWithConcurrency(accounts, options.concurrency, async (item) => {
    const snapshot = await readAccountSnapshot(api, item);
    progress?.increment();
    return snapshot;
  });
  progress?.stop();
  return { snapshots };
}

function selectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--organization', 'every ACTIVE account of the organization (from the management account or delegated administrator)').conflicts('accountIds'))
    .option('--account-ids <ids...>', 'these 12-digit account ids (space or comma separated)', accountIdArgument);
}

export function buildProgram(write: (text: string) => void = (text) => process.stdout.write(text)): Command {
  const program = new Command('account-contacts')
    .description('Check the contacts of AWS accounts against the CIS AWS Foundations Benchmark (1.1, 1.2) and against what your code declares.')
    .option('--profile <name>', 'AWS profile (default: the AWS credential chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, or us-east-1)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (for testing)')
    .option('--concurrency <count>', 'accounts read at once', positiveNumber, 4)
    .option('--rate <per-second>', 'client-side limit of each Account API operation (default: a little under the AWS quotas)', positiveNumber)
    .option('--show-contacts', 'show email addresses, phone numbers and names in full (masked by default)', false)
    .option('--no-color', 'no colours in the table')
    .showHelpAfterError()
    // Before the subcommands: they inherit it, so usage errors come back here (exit 2) instead of exiting with 1.
    .exitOverride();

  selectionOptions(program.command('audit'))
    .description('evaluate CIS 1.2 (security contact), CIS 1.1 (primary contact, billing and operations contacts) and the advice, per account')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'junit']).default('table'))
    .option('--require-distinct-security', 'report a SECURITY contact that shares its email address with BILLING or OPERATIONS', false)
    .action(async (options: Selection & { format: string; requireDistinctSecurity: boolean }) => {
      const global = program.opts<GlobalOptions>();
      const { snapshots } = await readSelectedAccounts(global, options);
      const reports = snapshots.map((snapshot) => evaluateAccount(snapshot, { requireDistinctSecurityContact: options.requireDistinctSecurity }));
      const reportOptions = { showContacts: global.showContacts };
      switch (options.format) {
        case 'json': write(renderJson(reports, reportOptions)); break;
        case 'markdown': write(renderMarkdown(reports, reportOptions)); break;
        case 'junit': write(renderJunit(reports)); break;
        default: write(renderTable(reports, { ...reportOptions, colour: global.color && process.stdout.isTTY === true }));
      }
      process.exitCode = exitCode(reports);
    });

  selectionOptions(program.command('diff'))
    .description('compare live contacts with the declared ones: a cloud assembly folder, a CloudFormation template, a cdktf cdk.tf.json, or a JSON/YAML declaration file')
    .requiredOption('--expected <file>', 'the declaration')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: Selection & { expected: string; format: string }) => {
      const global = program.opts<GlobalOptions>();
      const expected = loadExpectedContacts(options.expected);
      const selection: Selection = options.accountIds?.length || options.organization ? options : {
        // Without a selection: the organization when the declaration has organization defaults, else the declared accounts.
        ...(expected.organizationDefaults
          ? { organization: true }
          : { accountIds: [...expected.accounts.keys()].filter((id) => id !== SELF), includeCaller: expected.accounts.has(SELF) }),
      };
      const { snapshots } = await readSelectedAccounts(global, selection);
      const differences: FieldDifference[] = [];
      const unreadable: Array<{ accountId: string; error: string }> = [];
      let compared = 0;
      for (const snapshot of snapshots) {
        const declared = expectedFor(expected, snapshot.account.accountId, snapshot.account.own);
        if (!declared) {
          continue;
        }
        compared += 1;
        if (snapshot.error) {
          unreadable.push({ accountId: snapshot.account.accountId, error: snapshot.error });
          continue;
        }
        differences.push(...diffAccount(snapshot, declared, { showContacts: global.showContacts }));
      }
      if (options.format === 'json') {
        write(`${JSON.stringify({ source: expected.source, accountsCompared: compared, differences, unreadable, skipped: expected.skipped }, undefined, 2)}\n`);
      } else {
        const lines = [`Compared ${compared} accounts with ${expected.source}`];
        for (const skipped of expected.skipped) {
          lines.push(`skipped: ${skipped}`);
        }
        for (const difference of differences) {
          lines.push(`${difference.accountId} ${difference.contact}.${difference.field}: expected ${difference.expected}, found ${difference.actual}`);
        }
        for (const failure of unreadable) {
          lines.push(`${failure.accountId} ERROR ${failure.error}`);
        }
        const drifted = new Set(differences.map((difference) => difference.accountId)).size;
        lines.push(differences.length === 0 && unreadable.length === 0 ? 'No drift.' : `${differences.length} differences in ${drifted} accounts, ${unreadable.length} accounts could not be read.`);
        write(`${lines.join('\n')}\n`);
      }
      process.exitCode = unreadable.length > 0 ? 2 : differences.length > 0 ? 1 : 0;
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`account-contacts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) {
  void main(process.argv);
}

