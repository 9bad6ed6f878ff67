/**
 * A "Lambda container" of the organization function in a child process of its own, so that a test can kill an
 * invocation at any commit point for real: the process dies with SIGKILL, and everything it had in flight (calls
 * to moto, to the Account API server, to the ResponseURL) is abandoned mid-way. The child runs the project's
 * sources, bundled once per test run by esbuild.
 */
import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { buildSync } from 'esbuild';
import type { ContainerRequest } from './lambda-container-main';
import { RunContextSettings } from './run-context-config';
import { OrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { OrganizationHandlerOptions } from '../../src/organization/organization-handler';
import { RunCommitPoint } from '../../src/organization/run-state-machine';
import { LogFields } from '../../src/runtime/log';

const PROJECT = path.join(__dirname, '..', '..');
// Inside node_modules, so that the bundle's external packages (the AWS SDK) resolve from the project's.
const BUNDLE = path.join(PROJECT, 'node_modules', '.cache', 'cdk-account-contacts', 'lambda-container.js');
let bundled = false;

/** Bundles the child's entry point (once per process). */
function bundle(): string {
  if (!bundled) {
    buildSync({
      entryPoints: [path.join(__dirname, 'lambda-container-main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outfile: BUNDLE,
      logLevel: 'error',
    });
    bundled = true;
  }
  return BUNDLE;
}

/** How one invocation ended. */
export interface InvocationEnd {
  /** The commit point the container died at. */
  readonly killedAt?: RunCommitPoint;
  readonly result?: unknown;
  /** The error the handler threw (Lambda counts the invocation as failed). */
  readonly error?: string;
  /** Lambda stopped the invocation at the function's timeout. */
  readonly timedOut?: boolean;
}

/** What the containers report to the test. */
export interface ContainerSink {
  readonly log: (fields: LogFields) => void;
  readonly notification: (subject: string, message: string) => void;
}

export class LambdaContainer {
  /**
   * Starts a container. As in Lambda, an invocation still running at the function's timeout is stopped (the process
   * dies), and the handler is given that deadline.
   */
  public static async start(
    settings: RunContextSettings,
    declarations: Map<string, OrganizationDeclaration>,
    sink: ContainerSink,
    functionTimeoutSeconds = 900,
  ): Promise<LambdaContainer> {
    const child = fork(bundle(), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const ready = new Promise<void>((resolve) => child.on('message', (message: { type: string }) => message.type === 'ready' && resolve()));
    const container = new LambdaContainer(child, sink, functionTimeoutSeconds);
    const init: ContainerRequest = { type: 'init', settings, declarations: Object.fromEntries(declarations) };
    child.send(init);
    await ready;
    return container;
  }

  /** Whether the process is gone (killed): a new container takes its place. */
  public dead = false;
  private pending?: { id: number; resolve: (end: InvocationEnd) => void };
  private killedAt?: RunCommitPoint;
  private timedOut = false;
  private nextId = 0;

  private constructor(
    private readonly child: ChildProcess,
    sink: ContainerSink,
    private readonly functionTimeoutSeconds: number,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const killed = /KILLED (\w+)/.exec(text);
      if (killed) {
        this.killedAt = killed[1] as RunCommitPoint;
      }
    });
    child.on('message', (message: { type: string; id?: number; fields?: LogFields; subject?: string; message?: string; result?: unknown }) => {
      if (message.type === 'log') {
        sink.log(message.fields!);
      } else if (message.type === 'notification') {
        sink.notification(message.subject!, message.message!);
      } else if (this.pending && message.id === this.pending.id) {
        const { resolve } = this.pending;
        this.pending = undefined;
        resolve(message.type === 'result' ? { result: message.result } : { error: message.message });
      }
    });
    child.on('exit', () => {
      this.dead = true;
      // Wait for stdout's last line: it names the commit point.
      setTimeout(() => {
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve(
          this.timedOut
            ? { timedOut: true, error: `Task timed out after ${this.functionTimeoutSeconds} seconds` }
            : { killedAt: this.killedAt, error: `the container died (${this.killedAt ?? 'no commit point named'})` },
        );
      }, 20);
    });
  }

  /** Invokes the function with one event; it dies at `killAt` if the invocation passes that commit point. */
  public invoke(event: unknown, options: OrganizationHandlerOptions, killAt?: RunCommitPoint): Promise<InvocationEnd> {
    if (this.dead) {
      throw new Error('the container is dead');
    }
    const id = this.nextId++;
    const timeoutMs = 1000 * this.functionTimeoutSeconds;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timedOut = true;
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (end) => {
          clearTimeout(timer);
          resolve(end);
        },
      };
      const request: ContainerRequest = { type: 'invoke', id, event, options, killAt, endsAt: Date.now() + timeoutMs };
      this.child.send(request);
    });
  }

  public stop(): void {
    if (!this.dead) {
      this.child.kill('SIGKILL');
    }
  }
}
