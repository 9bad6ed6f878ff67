/**
 * `account-contacts audit`: evaluates the CIS contact recommendations and the advice, per account, in every report
 * format, and imports the findings into Security Hub when asked.
 */
import { Command, Option } from 'commander';
import { CheckOptions, auditPolicy, checkOptions } from './check-options';
import { OutputFile, Write, outputFileArgument, selectionOptions, writeOutputFiles } from './command-options';
import { readsOf } from '../audit/checks';
import { chosenChecks, evaluateAccount, exitCode } from '../audit/findings';
import { asffFindings, renderAsff } from '../audit/formats/asff-report';
import { renderCsv } from '../audit/formats/csv-report';
import { renderHtml } from '../audit/formats/html-report';
import { renderJson } from '../audit/formats/json-report';
import { renderJunit } from '../audit/formats/junit-report';
import { renderMarkdown } from '../audit/formats/markdown-report';
import { renderOcsf } from '../audit/formats/ocsf-report';
import { renderSarif } from '../audit/formats/sarif-report';
import { renderTable } from '../audit/formats/table-report';
import { importFindings, importSucceeded, renderImportResult } from '../audit/security-hub-import';
import { GlobalOptions, Selection, readSelectedAccounts, securityHubTarget } from '../read-accounts';
import { colourEnabled, toolVersion } from '../terminal';

const AUDIT_FORMATS = ['table', 'json', 'markdown', 'junit', 'asff', 'sarif', 'ocsf', 'csv', 'html'];

interface AuditOptions extends Selection, CheckOptions {
  readonly importFindings: boolean;
  readonly format: string;
  readonly output?: string;
  readonly outputFile?: OutputFile[];
}

/** Adds `audit` to the program.*/
export function addAuditCommand(program: Command, write: Write): void {
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
      // Accounts that are not ACTIVE are listed as skipped, with their state, rather than left out.
      const { snapshots, callerAccountId } = await readSelectedAccounts(global, { ...options, includeInactive: true }, readsOf(chosenChecks(policy)));
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
}
