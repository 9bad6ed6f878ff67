import { maskEmailAddress, maskPersonalDataInText, maskText } from '../../src/contacts/personal-data';

describe('masking inside free text', () => {
  test('an account id stays readable, whatever its length, where the text says it is an account id', () => {
    // Account ids are not personal data: a wrong one (13 digits) must be shown so the user can find it.
    expect(maskPersonalDataInText("accountId '1234567890123' (13 characters) does not match the AWS pattern ^\\d{12}$")).toBe(
      "accountId '1234567890123' (13 characters) does not match the AWS pattern ^\\d{12}$",
    );
    expect(maskPersonalDataInText('PutAlternateContact for member account 12345678901 failed')).toBe(
      'PutAlternateContact for member account 12345678901 failed',
    );
    expect(maskPersonalDataInText('arn:aws:account::111111111111:account/o-abc/2222222222223')).toBe(
      'arn:aws:account::111111111111:account/o-abc/2222222222223',
    );
  });

  test('a phone number beside the word account is still masked', () => {
    expect(maskPersonalDataInText('call the account owner at +1 206 555 0100')).toBe('call the account owner at +* *** *** **00');
  });

  test('masking is idempotent: a masked email address or phone number is not masked again', () => {
    const once = maskPersonalDataInText('security-team@example.com and jo@example.com and +1 206 555 0100');
    expect(once).toBe('s***m@example.com and **@example.com and +* *** *** **00');
    expect(maskPersonalDataInText(once)).toBe(once);
  });
});

describe('masking keeps whole characters', () => {
  test('a name starting with an emoji keeps the whole emoji, not half a surrogate pair', () => {
    const masked = maskText('🛡️ Security');
    expect(masked).toBe('🛡***');
    expect(Buffer.from(masked, 'utf8').toString('utf8')).toBe(masked);
    expect(masked).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('an email address whose local part starts and ends with astral characters', () => {
    expect(maskEmailAddress('😀abc😀@example.com')).toBe('😀***😀@example.com');
  });
});
