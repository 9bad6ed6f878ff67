/**
 * What the command writes to a terminal: colours per the NO_COLOR (no-color.org) and FORCE_COLOR conventions, and
 * the tool's version.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Whether to colour: never with `--no-color` or a non-empty `NO_COLOR`; always with `FORCE_COLOR` set to anything but
 * `0` or `false` (even when piped); otherwise only on a terminal.
 */
export function colourEnabled(colourOption: boolean, env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (!colourOption || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) {
    return false;
  }
  if (env.FORCE_COLOR !== undefined) {
    return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  }
  return isTerminal;
}

/** The version of the package the command belongs to (its package.json, found upwards from the command's file). */
export function toolVersion(from: string = __dirname): string {
  for (let directory = from; ; directory = path.dirname(directory)) {
    const file = path.join(directory, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'cdk-account-contacts' && manifest.version) {
        return manifest.version;
      }
    }
    if (path.dirname(directory) === directory) {
      return 'unknown';
    }
  }
}

/** Shows the cursor and turns line wrapping back on (what a progress bar turns off while it runs). */
export const RESTORE_TERMINAL = '\u001b[?25h\u001b[?7h';

/**
 * While a progress bar runs on a terminal: Ctrl-C (SIGINT), SIGTERM and any exit put the terminal back before the
 * process ends (exit 130 and 143, as shells report signals), unless the caller handles the signals itself
 * (`exitOnSignal` false). Returns what removes the handlers.
 */
export function restoreTerminalOnExit(stream: NodeJS.WriteStream, stop: () => void, exitOnSignal = true): () => void {
  let restored = false;
  const restore = () => {
    if (!restored) {
      restored = true;
      stop();
      if (stream.isTTY) {
        stream.write(RESTORE_TERMINAL);
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    stream.write('\n');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  if (exitOnSignal) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  process.once('exit', restore);
  return () => {
    restore();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('exit', restore);
  };
}
