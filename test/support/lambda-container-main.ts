/**
 * The child process of a `LambdaContainer`: one warm "Lambda container" of the organization function, running the
 * handler with the test's run context. At the commit point it is told to die at, it kills itself with SIGKILL
 * (after one line in its output file naming the point): every in-flight call is abandoned, as when Lambda kills
 * an invocation.
 */
import { openSync, writeSync } from 'fs';
import { RunContextSettings, buildRunContext } from './run-context-config';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationHandlerOptions, handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { RunCommitPoint } from '../../src/organization/run-state-machine';

/** What the parent sends. */
export type ContainerRequest =
  | {
      readonly type: 'init';
      readonly settings: RunContextSettings;
      readonly declarations: Record<string, OrganizationDeclaration>;
      /** Where the container writes its output lines (see `writeLine`). */
      readonly outputFile: string;
    }
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly event: unknown;
      readonly options: OrganizationHandlerOptions;
      readonly killAt?: RunCommitPoint;
      /** Lambda's deadline for this invocation (epoch milliseconds). */
      readonly endsAt: number;
    };

let context: OrganizationRunContext | undefined;
let killAt: RunCommitPoint | undefined;

let output: number | undefined;

/**
 * One line of output (a log line, a notification, an invocation's end, the commit point it is killed at), appended to
 * the output file before this returns, as the function's log lines are kept in Lambda once written: a container
 * stopped right after keeps it. One file, so the parent reads them in the order they were written.
 */
function writeLine(message: unknown): void {
  writeSync(output!, `${JSON.stringify(message)}\n`);
}

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (request: ContainerRequest) => {
  if (request.type === 'init') {
    output = openSync(request.outputFile, 'a');
    const declarations = new Map(Object.entries(request.declarations));
    context = {
      ...buildRunContext(request.settings, {
        declaration: (key) => declarations.get(key),
        log: (fields) => writeLine({ type: 'log', fields }),
        notifyFailures: async (subject, message) => writeLine({ type: 'notification', subject, message }),
        notifyOutsideChange: async (subject, message) => writeLine({ type: 'notification', subject, message }),
      }),
      afterCommit: (point) => {
        if (point === killAt) {
          writeLine({ type: 'killed', point });
          process.kill(process.pid, 'SIGKILL');
        }
      },
    };
    send({ type: 'ready' });
    return;
  }
  killAt = request.killAt;
  // A context per invocation, as the function builds one: its deadline is this invocation's.
  handleOrganizationEvent(request.event, { ...context!, invocationEndsAt: request.endsAt }, request.options).then(
    (result) => writeLine({ type: 'result', id: request.id, result }),
    (error) => writeLine({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error) }),
  );
});
