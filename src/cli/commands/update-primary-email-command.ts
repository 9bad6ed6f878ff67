/**
 * `account-contacts update-primary-email`: changes a member account's primary email address with the passcode AWS
 * sends to the new address.
 */
import { Command } from 'commander';
import { EXIT_USAGE, positiveNumber } from './command-options';
import { PRIMARY_EMAIL_UPDATE_ACTIONS } from '../../contacts/primary-email-update';
import { PasscodeUsageError, processTerminal } from '../passcode-terminal';
import { GlobalOptions, callerAccountApi } from '../read-accounts';
import { UpdatePrimaryEmailOptions, checkUpdatePrimaryEmailOptions, updatePrimaryEmail } from '../update-primary-email';

/** Adds `update-primary-email` to the program (it writes to stdout and the terminal only). */
export function addUpdatePrimaryEmailCommand(program: Command): void {
  program
    .command('update-primary-email')
    .description(
      "change a member account's primary email address (the root user's): AWS sends a passcode to the new address, you type it here (or give it with --code)",
    )
    .requiredOption('--account-id <id>', 'the member account (from the management account or the delegated administrator)')
    .requiredOption('--email <address>', "the new primary email address: a mail alias the account's owners answer")
    .option('--code <passcode>', 'accept the update with this passcode (from the email of an earlier --send-only run) without a new start')
    .option('--send-only', 'start the update (the passcode goes to the new address) and stop: for scripts, which then run again with --code', false)
    .option('--allow-personal', "accept an address that looks like one person's mailbox (the audit reports it)", false)
    .option('--wait-seconds <seconds>', 'how long to follow an accepted update until AWS has completed it', positiveNumber, 60)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  account-contacts update-primary-email --account-id 222233334444 --email aws-payments-prod@example.com',
        '  account-contacts update-primary-email --account-id 222233334444 --email aws-payments-prod@example.com --send-only',
        '  account-contacts update-primary-email --account-id 222233334444 --email aws-payments-prod@example.com --code 123456',
        '',
        `Needs account:GetPrimaryEmail, ${PRIMARY_EMAIL_UPDATE_ACTIONS.join(', ')} on the member account.`,
        "The management account's address cannot be changed through the API: its root user changes it in the console.",
      ].join('\n'),
    )
    .action(async (options: UpdatePrimaryEmailOptions) => {
      try {
        checkUpdatePrimaryEmailOptions(options);
        const { api, callerAccountId } = await callerAccountApi(program.opts<GlobalOptions>());
        process.exitCode = await updatePrimaryEmail(api, options, processTerminal(), callerAccountId);
      } catch (error) {
        if (!(error instanceof PasscodeUsageError)) {
          throw error;
        }
        process.stderr.write(`account-contacts: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}
