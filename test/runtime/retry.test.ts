import { isRetryableError, withRetries } from '../../src/runtime/retry';

function sdkError(name: string, httpStatusCode: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

test('backoff doubles its ceiling with each retry, up to the maximum, with full jitter', async () => {
  const delays: number[] = [];
  let calls = 0;
  const result = await withRetries(
    async () => {
      calls += 1;
      if (calls < 6) {
        throw sdkError('TooManyRequestsException', 429);
      }
      return 'done';
    },
    { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, sleep: async (ms) => void delays.push(ms) },
  );

  expect(result).toBe('done');
  expect(delays).toEqual([50, 100, 200, 400, 500]);
});

test('jitter spreads the delay over [0, ceiling)', async () => {
  const delays: number[] = [];
  const randoms = [0, 0.999];
  await expect(
    withRetries(
      async () => {
        throw sdkError('InternalServerException', 500);
      },
      { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, random: () => randoms.shift()!, sleep: async (ms) => void delays.push(ms) },
    ),
  ).rejects.toThrow('InternalServerException');
  expect(delays).toEqual([0, 1_998]);
});

test('an error that is not retryable is thrown at once', async () => {
  let calls = 0;
  await expect(
    withRetries(
      async () => {
        calls += 1;
        throw sdkError('AccessDeniedException', 403);
      },
      { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1 },
    ),
  ).rejects.toThrow('AccessDeniedException');
  expect(calls).toBe(1);
});

test.each([
  [sdkError('TooManyRequestsException', 429), true],
  [sdkError('Whatever', 503), true],
  [sdkError('InternalServerException', 500), true],
  [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
  [sdkError('ValidationException', 400), false],
  [sdkError('ResourceNotFoundException', 404), false],
  [sdkError('AccessDeniedException', 403), false],
  ['a string', false],
])('isRetryableError(%p) is %p', (error, expected) => {
  expect(isRetryableError(error)).toBe(expected);
});
