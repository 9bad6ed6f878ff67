/**
 * `account-contacts`: checks live AWS accounts against the CIS contact controls (`audit`) and against what the
 * code declares (`diff`), writes what a declaration asks for (`apply`), verifies the primary phone
 * (`verify-phone`), changes a member's primary email (`update-primary-email`) and prints the IAM policy an audit needs (`policy`). Each command is in `commands/`; this file
 * holds the global options and the exit codes. Credentials and region come from the default AWS chain, as for the
 * AWS CLI.
 *
 * Exit codes: 0 all accounts pass / no drift, 1 findings or drift, 2 an account, a declaration or the endpoint could
 * not be read, 64 wrong arguments.
 */
import { Command, CommanderError } from 'commander';
import { addApplyCommand } from './commands/apply-command';
import { addAuditCommand } from './commands/audit-command';
import { EXIT_CODES_HELP, EXIT_USAGE, Write, positiveNumber } from './commands/command-options';
import { addDiffCommand } from './commands/diff-command';
import { addPolicyCommand } from './commands/policy-command';
import { addUpdatePrimaryEmailCommand } from './commands/update-primary-email-command';
import { addVerifyPhoneCommand } from './commands/verify-phone-command';
import { toolVersion } from './terminal';

export function buildProgram(write: Write = (text) => process.stdout.write(text)): Command {
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
  addAuditCommand(program, write);
  addPolicyCommand(program, write);
  addVerifyPhoneCommand(program);
  addUpdatePrimaryEmailCommand(program);
  addDiffCommand(program, write);
  addApplyCommand(program, write);
  return program;
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
