/** The simulator's EventBridge matching: what a rule matches, and that unknown filters are refused, not ignored. */
import { matchesEventPattern, parameterChangeEvent } from './event-pattern';

const event = parameterChangeEvent('/contacts/security', 'Update', { account: '111122223333', region: 'us-east-1' });
const pattern = {
  source: ['aws.ssm'],
  'detail-type': ['Parameter Store Change'],
  detail: { name: ['/contacts/security'], operation: ['Create', 'Update'] },
};

test("the parameter rule matches its parameter's Create and Update only", () => {
  expect(matchesEventPattern(pattern, event)).toBe(true);
  expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, operation: 'Delete' } })).toBe(false);
  expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, name: '/contacts/security-old' } })).toBe(false);
  expect(matchesEventPattern(pattern, { ...event, source: 'aws.organizations' })).toBe(false);
  expect(matchesEventPattern(pattern, { ...event, detail: undefined })).toBe(false);
});

test('lists in events, prefix and exists filters', () => {
  expect(matchesEventPattern({ resources: [{ prefix: 'arn:aws:ssm:' }] }, event)).toBe(true);
  expect(matchesEventPattern({ detail: { type: [{ exists: true }] } }, event)).toBe(true);
  expect(matchesEventPattern({ detail: { missing: [{ exists: false }] } }, event)).toBe(true);
  expect(matchesEventPattern({ detail: { missing: [{ exists: true }] } }, event)).toBe(false);
});

test('a filter the simulator does not know fails the test rather than match by accident', () => {
  expect(() => matchesEventPattern({ source: [{ 'anything-but': 'aws.ssm' }] }, event)).toThrow(
    "event pattern content filter 'anything-but' is not simulated",
  );
  expect(() => matchesEventPattern({ source: 'aws.ssm' }, event)).toThrow("a pattern's values are lists or objects");
});
