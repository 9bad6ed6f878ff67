import { describeFailures } from '../../src/organization/run-answer';
import { AccountResult } from '../../src/organization/run-records';
import { AccountOutcome } from '../../src/organization/run-state-machine';
import { MAX_REASON_LENGTH } from '../../src/runtime/cloudformation-custom-resource';

const failure = (index: number): AccountResult => ({
  accountId: String(100000000000 + index),
  outcome: AccountOutcome.FAILED,
  changed: [],
  failures: [
    {
      contactType: 'SECURITY',
      reason: `PutAlternateContact for member account ${100000000000 + index} was denied (AccessDeniedException: explicit deny)`,
    },
  ],
  attempts: 1,
});

test('every failure is listed while it fits', () => {
  expect(describeFailures([failure(1), failure(2)], 10, MAX_REASON_LENGTH)).toBe(
    '2 of 10 accounts failed: 100000000001 SECURITY: PutAlternateContact for member account 100000000001 was denied (AccessDeniedException: explicit deny); ' +
      '100000000002 SECURITY: PutAlternateContact for member account 100000000002 was denied (AccessDeniedException: explicit deny)',
  );
});

test("5,000 failures fit CloudFormation's response limit and say how many are left out", () => {
  const text = describeFailures(
    Array.from({ length: 5_000 }, (_, index) => failure(index)),
    5_000,
    MAX_REASON_LENGTH,
  );
  expect(text.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
  expect(text).toMatch(/^5000 of 5000 accounts failed: 100000000000 SECURITY: /);
  const shown = (text.match(/ SECURITY: /g) ?? []).length;
  expect(text).toMatch(new RegExp(`\\(and ${5_000 - shown} more\\)$`));
});
