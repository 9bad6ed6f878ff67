/**
 * What the commands of `account-contacts` share: exit codes, the account selection (`--organization`,
 * `--account-ids`), argument parsers that refuse what a careless hand types, and `--output-file`.
 */
import * as fs from 'fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { validateAccountId } from '../../contacts/validation';

/** Where a command's report goes (stdout, or a test's buffer). */
export type Write = (text: string) => void;

/** Wrong arguments (BSD sysexits' EX_USAGE), apart from 2: an account could not be read. */
export const EXIT_USAGE = 64;
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0   every account passes (audit) / no drift (diff)',
  '  1   findings (audit) / drift (diff)',
  '  2   an account, a declaration or the AWS endpoint could not be read',
  `  ${EXIT_USAGE}  wrong arguments`,
].join('\n');

export interface OutputFile {
  readonly format: string;
  readonly file: string;
}

/** `FORMAT=FILE`, repeatable. */
export function outputFileArgument(formats: string[]) {
  return (value: string, previous: OutputFile[] = []): OutputFile[] => {
    const separator = value.indexOf('=');
    const format = value.slice(0, separator);
    if (separator < 1 || separator === value.length - 1 || !formats.includes(format)) {
      throw new InvalidArgumentError(`expected FORMAT=FILE with FORMAT one of ${formats.join(', ')}, got '${value}'`);
    }
    return [...previous, { format, file: value.slice(separator + 1) }];
  };
}

/** Writes each --output-file; returns a line per file that could not be written, naming it and why. */
export function writeOutputFiles(files: readonly OutputFile[], render: (format: string) => string): string[] {
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

/** A count that may be 0: `--max-changes 0` is how a pipeline says "no change at all". */
export function wholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return number;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a number above 0');
  }
  return number;
}

/**
 * A list flag's values, space or comma separated: an empty value or an empty item (`''`, `a,,b`, `a,`) is refused, so
 * that a list that was given never ends up empty and falls back to a wider default.
 */
export function listItems(value: string, flag: string): string[] {
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

export function accountIdArgument(value: string, previous: string[] = []): string[] {
  const ids = listItems(value, '--account-ids');
  for (const id of ids) {
    const [problem] = validateAccountId(id);
    if (problem) {
      throw new InvalidArgumentError(problem.message);
    }
  }
  return [...previous, ...ids];
}

export function selectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--organization', 'every ACTIVE account of the organization (from the management account or delegated administrator)').conflicts(
        'accountIds',
      ),
    )
    .option('--account-ids <ids...>', 'these 12-digit account ids (space or comma separated)', accountIdArgument);
}
