/**
 * `apply` asks before it writes, as `terraform apply` does: the plan is shown, and only `yes` typed at a terminal (or
 * `--yes` / `--auto-approve`, as pipelines say it) lets the writes start. With no terminal to ask at and no `--yes`,
 * nothing is written, and the message says how to approve.
 */
import * as readline from 'readline';

/** What approving a plan found. */
export enum Approval {
  /** `--yes` / `--auto-approve`, or `yes` typed at the prompt: write. */
  APPROVED = 'APPROVED',
  /** Something other than `yes` typed: nothing written (exit 1). */
  DECLINED = 'DECLINED',
  /** No terminal to ask at and no `--yes`: nothing written (exit 2). */
  NOT_ASKED = 'NOT_ASKED',
}

/** Where the question is asked: undefined when stdin is not a terminal. */
export type AskLine = ((question: string) => Promise<string>) | undefined;

/** The process's terminal, when stdin is one. */
export function terminalQuestion(): AskLine {
  if (!process.stdin.isTTY) {
    return undefined;
  }
  return (question) =>
    new Promise<string>((resolve) => {
      const lines = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      lines.question(question, (answer) => {
        lines.close();
        resolve(answer);
      });
    });
}

/** Asks whether to write the plan's changes to `accounts` accounts, unless approved beforehand. */
export async function approveWrites(accounts: number, approvedBeforehand: boolean, ask: AskLine): Promise<Approval> {
  if (approvedBeforehand) {
    return Approval.APPROVED;
  }
  if (!ask) {
    return Approval.NOT_ASKED;
  }
  const answer = await ask(`Write these changes to ${accounts} account${accounts === 1 ? '' : 's'}? Only 'yes' is accepted: `);
  return answer.trim() === 'yes' ? Approval.APPROVED : Approval.DECLINED;
}

/** What is said when the writes did not start. */
export const NOT_APPROVED_MESSAGES: Record<Exclude<Approval, Approval.APPROVED>, string> = {
  [Approval.DECLINED]: 'Apply cancelled: nothing was written.\n',
  [Approval.NOT_ASKED]:
    'Nothing was written: apply asks before it writes, and there is no terminal to ask at. To write without asking (a pipeline), run it again with --yes (or --auto-approve).\n',
};
