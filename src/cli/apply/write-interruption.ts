/**
 * Ctrl-C (SIGINT) or SIGTERM while `apply` writes: the accounts being written finish (a write cut in the middle
 * could only be reported as unknown), no other account is started, and the command prints what was written and
 * what was not started, then exits 130 (SIGINT) or 143 (SIGTERM), as shells report a signal. A second signal ends
 * the process at once.
 */

export class WriteInterruption {
  /** Watches SIGINT and SIGTERM until `release`. */
  public static watch(stream: NodeJS.WritableStream): WriteInterruption {
    return new WriteInterruption(stream);
  }

  /** The signal received, once one was. */
  public signal?: NodeJS.Signals;
  private readonly listener: (signal: NodeJS.Signals) => void;

  private constructor(private readonly stream: NodeJS.WritableStream) {
    this.listener = (signal) => this.received(signal);
    process.on('SIGINT', this.listener);
    process.on('SIGTERM', this.listener);
  }

  /** Whether a signal asked to stop: no account is started after it. */
  public get stopped(): boolean {
    return this.signal !== undefined;
  }

  /** The exit code that reports the signal (130, 143), or undefined when none came. */
  public get exitCode(): number | undefined {
    return this.signal === undefined ? undefined : exitCodeOf(this.signal);
  }

  public release(): void {
    process.removeListener('SIGINT', this.listener);
    process.removeListener('SIGTERM', this.listener);
  }

  private received(signal: NodeJS.Signals): void {
    if (this.signal !== undefined) {
      process.exit(exitCodeOf(signal));
    }
    this.signal = signal;
    this.stream.write(
      `\n${signal}: stopping. The accounts being written finish, no other is started; ${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again ends the command at once (what is in flight then may be written or not: run diff).\n`,
    );
  }
}

function exitCodeOf(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}
