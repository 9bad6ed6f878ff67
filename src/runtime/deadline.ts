/**
 * A deadline for one call: the call gets an AbortSignal that fires at the deadline (the SDK then abandons the
 * request and its socket), and fails with an error that names the call. No call starts after the deadline.
 */

/** A call that did not finish before the run's deadline. */
export class DeadlineExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs `send` with an AbortSignal that fires at `deadline` (epoch milliseconds); without a deadline, as it is.
 * `call` names the call in the error (`organizations:ListAccounts`).
 */
export async function beforeDeadline<T>(call: string, deadline: number | undefined, send: (abortSignal?: AbortSignal) => Promise<T>): Promise<T> {
  if (deadline === undefined) {
    return send(undefined);
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) {
    throw new DeadlineExceededError(`${call} was not called: the run's deadline had passed`);
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new DeadlineExceededError(`${call} did not answer before the run's deadline (${Math.ceil(remaining / 1000)} s were left when it was called)`),
      );
    }, remaining);
  });
  try {
    return await Promise.race([send(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
