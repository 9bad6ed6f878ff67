/**
 * `account-contacts apply`: writes what a declaration file asks for where the accounts differ: the plan first
 * (masked), approval, then the writes, rate-limited, each reported.
 */
import { Command } from 'commander';
import { Write, selectionOptions, wholeNumber } from './command-options';
import { declaredSelection, withOrganizationAccounts } from './declared-accounts';
import { AccountContactsApi } from '../../runtime/account-api';
import { applyExitCode, applyPlan, renderOutcomes } from '../apply/apply-plan';
import { Approval, NOT_APPROVED_MESSAGES, approveWrites, terminalQuestion } from '../apply/approval';
import { AccountPlan, ContactsPlan, changedAccounts, planAccount, planContacts, renderPlan } from '../apply/contacts-plan';
import { PrimaryEmailResult, applyPrimaryEmails, renderPrimaryEmailOutcomes } from '../apply/primary-email-updates';
import { WriteInterruption } from '../apply/write-interruption';
import { WriteStream } from '../apply/write-stream';
import { nothingCompared } from '../diff/diff-report';
import { declaredReads, loadDeclarationFile } from '../diff/expected-contacts';
import { processTerminal } from '../passcode-terminal';
import { GlobalOptions, Selection, readSelectedAccounts } from '../read-accounts';

/** Adds `apply` to the program. */
export function addApplyCommand(program: Command, write: Write): void {
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
    .action(async (options: ApplyOptions) => {
      const global = program.opts<GlobalOptions>();
      const expected = await withOrganizationAccounts(loadDeclarationFile(options.declaration), global);
      // Approved beforehand, and nothing may refuse the whole plan: each account is written as soon as it was read.
      const streamed = (options.yes || options.autoApprove) && !options.dryRun && options.maxChanges === undefined;
      const interruption = streamed ? WriteInterruption.watch(process.stderr) : undefined;
      try {
        const stream = new WriteStream(global.concurrency, interruption);
        // Each account is planned once: as it is read when streamed, and those plans make up the printed plan.
        const planned = new Map<string, AccountPlan | undefined>();
        const { snapshots, api, callerAccountId } = await readSelectedAccounts(
          global,
          declaredSelection(expected, options),
          declaredReads(expected),
          streamed
            ? (snapshot, accountApi) => {
                const accountPlan = planAccount(expected, snapshot, { showContacts: global.showContacts });
                planned.set(snapshot.account.accountId, accountPlan);
                if (accountPlan?.change) {
                  stream.add(accountApi, accountPlan.change);
                }
              }
            : undefined,
        );
        const plan = planContacts(expected, snapshots, { showContacts: global.showContacts }, planned);
        const changed = changedAccounts(plan);
        if (changed + plan.unchanged + plan.unreadable.length === 0) {
          throw new Error(`${nothingCompared(expected.source)} Nothing was written.`);
        }
        write(renderPlan(plan, expected.source));
        if (options.maxChanges !== undefined && changed > options.maxChanges) {
          throw new Error(`the plan changes ${changed} accounts, more than --max-changes ${options.maxChanges}: nothing was written`);
        }
        if (options.dryRun || changed === 0) {
          write(options.dryRun ? 'Dry run: nothing written.\n' : 'Nothing to write.\n');
          process.exitCode = options.dryRun ? dryRunExitCode(plan) : plan.unreadable.length > 0 ? 2 : 0;
          return;
        }
        const approval = await approveWrites(changed, options.yes || options.autoApprove, terminalQuestion());
        if (approval !== Approval.APPROVED) {
          write(NOT_APPROVED_MESSAGES[approval]);
          process.exitCode = approval === Approval.DECLINED ? 1 : 2;
          return;
        }
        await writePlan({ plan, api, callerAccountId, concurrency: global.concurrency, write, stream: streamed ? stream : undefined, interruption });
      } finally {
        interruption?.release();
      }
    });
}

interface ApplyOptions extends Selection {
  readonly declaration: string;
  readonly dryRun: boolean;
  readonly maxChanges?: number;
  readonly yes: boolean;
  readonly autoApprove: boolean;
}

/**
 * `--dry-run`'s exit code, as `terraform plan -detailed-exitcode` gives it: 0 nothing to change, 2 changes to make, 1
 * an account that could not be read (the plan is not whole).
 */
export function dryRunExitCode(plan: ContactsPlan): number {
  return plan.unreadable.length > 0 ? 1 : changedAccounts(plan) > 0 ? 2 : 0;
}

/** The approved plan's writes (already under way when streamed), then the primary email addresses, then the summary. */
async function writePlan(run: {
  readonly plan: ContactsPlan;
  readonly api: AccountContactsApi;
  readonly callerAccountId: string;
  readonly concurrency: number;
  readonly write: Write;
  readonly stream?: WriteStream;
  readonly interruption?: WriteInterruption;
}): Promise<void> {
  const { plan, api, write } = run;
  const interruption = run.interruption ?? WriteInterruption.watch(process.stderr);
  try {
    const { outcomes, notStarted } = run.stream
      ? await run.stream.settle(plan)
      : plan.changes.length > 0
        ? await applyPlan(api, plan, run.concurrency, interruption)
        : { outcomes: [], notStarted: 0 };
    if (plan.changes.length > 0) {
      write(renderOutcomes(outcomes, plan, notStarted));
    }
    // Then the primary email addresses, one account at a time, each with the passcode typed at the terminal.
    const emails = await applyPrimaryEmails(api, plan.primaryEmailChanges ?? [], processTerminal(), run.callerAccountId, { interruption });
    write(renderPrimaryEmailOutcomes(emails));
    if (interruption.stopped) {
      write(`Interrupted (${interruption.signal}): ${notStarted} accounts not started, nothing written to them; run apply again for the rest.\n`);
    }
    const emailsLeft = emails.some((outcome) => outcome.result !== PrimaryEmailResult.CHANGED);
    process.exitCode = interruption.exitCode ?? Math.max(applyExitCode(outcomes, plan), emailsLeft ? 2 : 0);
  } finally {
    if (!run.interruption) {
      interruption.release();
    }
  }
}
