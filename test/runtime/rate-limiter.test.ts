import { RateLimiter } from '../../src/runtime/rate-limiter';

test('a burst passes at once, then calls are spaced at the rate', async () => {
  let clock = 0;
  const granted: number[] = [];
  const limiter = new RateLimiter(
    { Put: { perSecond: 5, burst: 2 } },
    () => clock,
    async (ms) => {
      clock += ms;
    },
  );
  for (let i = 0; i < 6; i++) {
    await limiter.acquire('Put');
    granted.push(clock);
  }
  expect(granted).toEqual([0, 0, 200, 400, 600, 800]);
});

test('operations have separate buckets, and unknown operations are not limited', async () => {
  let clock = 0;
  const limiter = new RateLimiter(
    { Put: { perSecond: 1, burst: 1 }, Get: { perSecond: 1, burst: 1 } },
    () => clock,
    async (ms) => {
      clock += ms;
    },
  );
  await limiter.acquire('Put');
  await limiter.acquire('Get');
  await limiter.acquire('List');
  expect(clock).toBe(0);
  await limiter.acquire('Put');
  expect(clock).toBe(1_000);
});

test('concurrent callers share the rate: 20 calls at 50/s with burst 5 take at least 300 ms of real time', async () => {
  const limiter = new RateLimiter({ Get: { perSecond: 50, burst: 5 } });
  const started = Date.now();
  await Promise.all(Array.from({ length: 20 }, () => limiter.acquire('Get')));
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test('an invalid rate is refused', () => {
  expect(() => new RateLimiter({ Put: { perSecond: 0, burst: 1 } })).toThrow(
    'rate of Put must be above 0 per second with a burst of at least 1, got 0/s burst 1',
  );
});
