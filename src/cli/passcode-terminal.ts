/**
 * Where a command that needs a one-time passcode (verify-phone, update-primary-email) talks to its user: the
 * messages, and the passcode typed at a prompt when there is a terminal to ask.
 */
import * as readline from 'readline';
import { PASSCODE_PATTERN } from '../contacts/phone-verification';

/** The terminal: where the messages go, and how a passcode is read (undefined when there is no terminal to ask). */
export interface PasscodeTerminal {
  readonly askPasscode?: (prompt: string) => Promise<string>;
  write(text: string): void;
}

/** How many times a passcode that is not six letters or digits is asked again before giving up. */
const PROMPT_ATTEMPTS = 3;

/** A usage error: exit 64, nothing sent. */
export class PasscodeUsageError extends Error {}

/** Asks for the passcode until it has the API's form (6 letters or digits); a usage error after a few tries. */
export async function askForPasscode(terminal: PasscodeTerminal): Promise<string> {
  for (let attempt = 1; attempt <= PROMPT_ATTEMPTS; attempt++) {
    const answer = (await terminal.askPasscode!('Passcode: ')).trim();
    if (PASSCODE_PATTERN.test(answer)) {
      return answer;
    }
    terminal.write('A passcode is 6 letters or digits, as the SMS or the email shows it.\n');
  }
  throw new PasscodeUsageError(`no passcode after ${PROMPT_ATTEMPTS} attempts: nothing was submitted`);
}

/** The process's terminal: stdout for messages; a passcode prompt only when stdin is a terminal. */
export function processTerminal(): PasscodeTerminal {
  return {
    write: (text) => process.stdout.write(text),
    ...(process.stdin.isTTY
      ? {
          askPasscode: (prompt: string) =>
            new Promise<string>((resolve) => {
              const lines = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
              lines.question(prompt, (answer) => {
                lines.close();
                resolve(answer);
              });
            }),
        }
      : {}),
  };
}
