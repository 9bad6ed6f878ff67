import { CustomResourceEvent, MAX_RESPONSE_BYTES, failureResponse } from '../../src/runtime/cloudformation-custom-resource';

const event: CustomResourceEvent = {
  RequestType: 'Create',
  ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:contacts',
  ResponseURL: 'http://127.0.0.1:1/response',
  StackId: `arn:aws:cloudformation:us-east-1:111111111111:stack/${'s'.repeat(128)}/0a3c6d10-0000-11ef-8000-0123456789ab`,
  RequestId: '5d4b2f6a-0000-4000-8000-0123456789ab',
  LogicalResourceId: `Contacts${'L'.repeat(240)}`,
  ResourceType: 'Custom::AccountAlternateContact',
  ResourceProperties: {},
};

const bodyBytes = (reason: string) => Buffer.byteLength(JSON.stringify(failureResponse(event, reason)), 'utf8');

describe("a FAILED response always fits CloudFormation's 4,096-byte limit", () => {
  test.each([
    ['ASCII', 'x'.repeat(10_000)],
    ['three-byte characters (CJK)', '連絡先'.repeat(2_000)],
    ['characters JSON escapes to six bytes', '\u0001"\\'.repeat(2_000)],
    ['astral characters (emoji)', '🛡️'.repeat(2_000)],
  ])("a long reason of %s is cut by the serialized body's UTF-8 bytes", (_kind, reason) => {
    expect(bodyBytes(reason)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    const kept = failureResponse(event, reason).Reason!;
    expect(kept.endsWith('...')).toBe(true);
    // As much as fits is kept: one more character would not fit.
    expect(kept.length).toBeGreaterThan(100);
    // No character is cut in half.
    expect(kept).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('a reason that fits is kept whole', () => {
    expect(failureResponse(event, 'denied').Reason).toBe('denied');
  });
});
