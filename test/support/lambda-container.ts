/**
 * A "Lambda container" of the organization function in a child process of its own, so that a test can kill an
 * invocation at any commit point for real: the process dies with SIGKILL, and everything it had in flight (calls
 * to moto, to the Account API server, to the ResponseURL) is abandoned mid-way. The child runs the project's
 * sources, bundled once per test run by esbuild.
 */
import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
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
    const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-container-')), 'output.jsonl');
    fs.writeFileSync(outputFile, '');
    const child = fork(bundle(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise<void>((resolve) => child.on('message', (message: { type: string }) => message.type === 'ready' && resolve()));
    const container = new LambdaContainer(child, sink, functionTimeoutSeconds, outputFile);
    const init: ContainerRequest = { type: 'init', settings, declarations: Object.fromEntries(declarations), outputFile };
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
  /** How far the output file was read. */
  private offset = 0;
  private readonly reader: NodeJS.Timeout;

  private constructor(
    private readonly child: ChildProcess,
    private readonly sink: ContainerSink,
    private readonly functionTimeoutSeconds: number,
    private readonly outputFile: string,
  ) {
    // The output is read as it is written (the tests watch the log lines), and to its end once the process is gone.
    this.reader = setInterval(() => this.readOutput(), 50);
    child.on('exit', () => {
      this.dead = true;
      clearInterval(this.reader);
      this.readOutput();
      fs.rmSync(path.dirname(outputFile), { recursive: true, force: true });
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(
        this.timedOut
          ? { timedOut: true, error: `Task timed out after ${this.functionTimeoutSeconds} seconds` }
          : { killedAt: this.killedAt, error: `the container died (${this.killedAt ?? 'no commit point named'})` },
      );
    });
  }

  /** Reads the complete lines the container wrote since the last read, in order. */
  private readOutput(): void {
    const fd = fs.openSync(this.outputFile, 'r');
    let text = '';
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) {
        return;
      }
      const buffer = Buffer.alloc(size - this.offset);
      fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      const complete = buffer.lastIndexOf(0x0a) + 1;
      this.offset += complete;
      text = buffer.subarray(0, complete).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
    for (const line of text.split('\n').filter((candidate) => candidate.length > 0)) {
      const out = JSON.parse(line) as {
        type: string;
        id?: number;
        point?: string;
        fields?: LogFields;
        subject?: string;
        message?: string;
        result?: unknown;
      };
      if (out.type === 'log') {
        this.sink.log(out.fields!);
      } else if (out.type === 'notification') {
        this.sink.notification(out.subject!, out.message!);
      } else if (out.type === 'killed') {
        this.killedAt = out.point as RunCommitPoint;
      } else if (this.pending && out.id === this.pending.id) {
        const { resolve } = this.pending;
        this.pending = undefined;
        resolve(out.type === 'result' ? { result: out.result } : { error: out.message });
      }
    }
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
