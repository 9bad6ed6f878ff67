import { mapWithConcurrency } from '../../src/runtime/concurrency';

test('mapWithConcurrency keeps order and never exceeds the concurrency', async () => {
  let running = 0;
  let peak = 0;
  const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (value) => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, value));
    running -= 1;
    return value * 10;
  });
  expect(results).toEqual([50, 10, 40, 20, 30, 0]);
  expect(peak).toBe(2);
});
