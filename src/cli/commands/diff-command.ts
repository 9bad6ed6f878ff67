/**
 * `account-contacts diff`: live contacts compared with a declaration (a cloud assembly, a template, a cdktf output,
 * or a declaration file).
 */
import { Command, Option } from 'commander';
import { Write, selectionOptions } from './command-options';
import { declaredSelection, withOrganizationAccounts } from './declared-accounts';
import { contactParameterReader } from '../../runtime/contact-parameter-reader';
import { compareWithDeclaration, diffExitCode, renderDiffJson, renderDiffText } from '../diff/diff-report';
import { declaredReads, loadExpectedContacts } from '../diff/expected-contacts';
import { withParameterContacts } from '../diff/parameter-contacts';
import { GlobalOptions, Selection, parameterStoreClient, readSelectedAccounts } from '../read-accounts';

/** Adds `diff` to the program. */
export function addDiffCommand(program: Command, write: Write): void {
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
}
