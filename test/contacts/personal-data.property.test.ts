/**
 * Masking of free text, tried on generated input (fast-check, fixed seed): it finds exactly what the regular
 * expressions it replaces found, its cost grows linearly with the input (counted in characters visited, not timed),
 * and long input is cut before it is masked.
 */
import * as fc from 'fast-check';
import {
  MASKED_TEXT_MAX_CHARACTERS,
  MaskingCost,
  maskEmailAddress,
  maskPersonalDataInText,
  maskPhoneNumber,
  maskPrincipalArn,
} from '../../src/contacts/personal-data';

const SEED = 20261204;
const RUNS = 500;

/** The regular expressions masking used before (quadratic on long runs of word characters): the reference. */
function referenceMask(text: string): string {
  const accountIdContext = /(?:account(?:Id)?[\s'"=:]*|:account\/o-[a-z0-9]+\/|::)$/i;
  return text
    .replace(/[\w+=.#|!&*-]+@[\w.-]+\.[\w]+/g, (match) => maskEmailAddress(match))
    .replace(/\+?[0-9][0-9\s()-]{5,}[0-9]/g, (match, offset: number, whole: string) => {
      const isAccountId = /^[0-9]+$/.test(match) && (match.length === 12 || accountIdContext.test(whole.slice(Math.max(0, offset - 40), offset)));
      return isAccountId ? match : maskPhoneNumber(match);
    });
}

/** Text made of the characters that matter to the scanners, and words that give them context. */
const interestingText = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'Z', '_', '9', '0', '1', '.', '-', '+', '=', '#', '|', '!', '&', '*', '@', ' ', '\n', '(', ')', ':', '/', "'", 'é', '😀'),
      fc.constantFrom('account ', 'accountId=', '::', ':account/o-abc123/', 'security@example.com', '+1 206 555 0100', '123456789012', 'example.com'),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

test('finds and masks exactly what the reference regular expressions find', () => {
  fc.assert(
    fc.property(interestingText, (text) => {
      expect(maskPersonalDataInText(text)).toBe(referenceMask(text));
    }),
    { seed: SEED, numRuns: RUNS * 4 },
  );
});

test('the cost is linear: at most 4 characters visited per character of input, whatever its shape', () => {
  const shapes = fc.oneof(
    interestingText,
    // The shapes that made the regular expressions quadratic: long runs of word characters, dots and digits.
    fc.tuple(fc.constantFrom('a', 'a.', '1', '1 ', 'a@', '@a.', '-'), fc.integer({ min: 1, max: 2_000 })).map(([unit, times]) => unit.repeat(times)),
  );
  fc.assert(
    fc.property(shapes, (text) => {
      const cost: MaskingCost = { steps: 0 };
      maskPersonalDataInText(text, cost);
      expect(cost.steps).toBeLessThanOrEqual(4 * Math.min(text.length, MASKED_TEXT_MAX_CHARACTERS + 60) + 4);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('long input is cut before it is masked: a megabyte costs what its first 4,096 characters cost', () => {
  for (const unit of ['a', '1', 'x@y.', '+1 2']) {
    const text = unit.repeat(1_048_576 / unit.length);
    const cost: MaskingCost = { steps: 0 };
    const masked = maskPersonalDataInText(text, cost);
    expect(masked).toMatch(new RegExp(`\\.\\.\\. \\(${1_048_576 - MASKED_TEXT_MAX_CHARACTERS} more characters cut\\)$`));
    expect(cost.steps).toBeLessThanOrEqual(4 * (MASKED_TEXT_MAX_CHARACTERS + 60));
  }
});

test('a cut never splits an emoji', () => {
  const text = `${'a'.repeat(MASKED_TEXT_MAX_CHARACTERS - 1)}😀tail`;
  expect(maskPersonalDataInText(text)).toMatch(/^a+\.\.\. \(5 more characters cut\)$/);
});

describe('principal ARNs', () => {
  const SSO = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef';

  test('an Identity Center session, a federated user and an IAM user lose the name; roles, the root user and accounts stay', () => {
    expect(maskPrincipalArn(`${SSO}/jane.doe@example.com`)).toBe(`${SSO}/j***e@example.com`);
    expect(maskPrincipalArn('arn:aws:sts::111111111111:federated-user/Jane Doe')).toBe('arn:aws:sts::111111111111:federated-user/J***');
    expect(maskPrincipalArn('arn:aws:iam::111111111111:user/engineering/jdoe')).toBe('arn:aws:iam::111111111111:user/engineering/j***');
    expect(maskPrincipalArn('arn:aws:iam::111111111111:role/Deployer')).toBe('arn:aws:iam::111111111111:role/Deployer');
    expect(maskPrincipalArn('arn:aws:iam::111111111111:root')).toBe('arn:aws:iam::111111111111:root');
    expect(maskPrincipalArn('AWSService')).toBe('AWSService');
    expect(maskPrincipalArn('someone jane.doe@example.com')).toBe('someone j***e@example.com');
  });

  test('no session or user name of two characters or more comes out whole', () => {
    // AWS's pattern for session and user names: [\w+=,.@-]{2,64}.
    const name = fc.oneof(fc.emailAddress(), fc.stringMatching(/^[\w+=,.@-]{2,64}$/)).filter((candidate) => /^[\w+=,.@-]{2,64}$/.test(candidate));
    const arn = fc.tuple(fc.constantFrom(`${SSO}/`, 'arn:aws:sts::222222222222:federated-user/', 'arn:aws:iam::333333333333:user/team/'), name);
    fc.assert(
      fc.property(arn, ([prefix, session]) => {
        const masked = maskPrincipalArn(`${prefix}${session}`);
        expect(masked.startsWith(prefix)).toBe(true);
        expect(masked.slice(prefix.length)).not.toContain(session);
      }),
      { numRuns: 2_000 },
    );
  });
});
