/**
 * The child process of a `LambdaContainer`: one warm "Lambda container" of the organization function, running the
 * handler with the test's run context. At the commit point it is told to die at, it kills itself with SIGKILL
 * (after one synchronous line on stdout naming the point): every in-flight call is abandoned, as when Lambda kills
 * an invocation.
 */
import { writeSync } from 'fs';
import { RunContextSettings, buildRunContext } from './run-context-config';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationHandlerOptions, handleOrganizationEvent } from '../../src/organization/organization-handler';
import { OrganizationRunContext } from '../../src/organization/run-context';
import { RunCommitPoint } from '../../src/organization/run-state-machine';

/** What the parent sends. */
export type ContainerRequest =
  | { readonly type: 'init'; readonly settings: RunContextSettings; readonly declarations: Record<string, OrganizationDeclaration> }
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

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (request: ContainerRequest) => {
  if (request.type === 'init') {
    const declarations = new Map(Object.entries(request.declarations));
    context = {
      ...buildRunContext(request.settings, {
        declaration: (key) => declarations.get(key),
        log: (fields) => send({ type: 'log', fields }),
        notifyFailures: async (subject, message) => send({ type: 'notification', subject, message }),
        notifyOutsideChange: async (subject, message) => send({ type: 'notification', subject, message }),
      }),
      afterCommit: (point) => {
        if (point === killAt) {
          writeSync(1, `KILLED ${point}\n`);
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
    (result) => send({ type: 'result', id: request.id, result }),
    (error) => send({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error) }),
  );
});
