/**
 * `account-contacts verify-phone`: verifies the primary contact's phone number with the passcode AWS sends to it.
 */
import { Command } from 'commander';
import { EXIT_USAGE } from './command-options';
import { PasscodeUsageError, processTerminal } from '../passcode-terminal';
import { GlobalOptions, callerAccountApi } from '../read-accounts';
import { VerifyPhoneOptions, checkVerifyPhoneOptions, verifyPhone } from '../verify-phone';

/** Adds `verify-phone` to the program (it writes to stderr and the terminal only). */
export function addVerifyPhoneCommand(program: Command): void {
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
        if (!(error instanceof PasscodeUsageError)) {
          throw error;
        }
        process.stderr.write(`account-contacts: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}
