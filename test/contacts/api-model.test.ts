/**
 * The library's rule table must say what the Account Management API's official model says.
 * test/fixtures/account-api-model.json is a checked-in extract of botocore's account service-2.json; the second
 * test checks that extract against the botocore installed on the machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as zlib from 'zlib';
import { PRIMARY_EMAIL_RULE } from '../../src/contacts/primary-email-update';
import {
  ACCOUNT_ID_RULE,
  ALTERNATE_CONTACT_RULES,
  ALTERNATE_CONTACT_TYPES,
  CONTACT_INFORMATION_RULES,
  FieldRule,
} from '../../src/contacts/validation';
import { modelBotocoreVersion, modelMetadata, modelShapes } from '../support/account-api-model';

const shapes = modelShapes;

function modelRule(structure: string, member: string): Omit<FieldRule, 'field' | 'personalData'> {
  const reference = shapes[structure].members![member];
  const shape = shapes[reference.shape];
  return {
    apiShape: structure,
    apiMember: member,
    required: (shapes[structure].required ?? []).includes(member),
    minLength: shape.min,
    maxLength: shape.max,
    ...(shape.pattern ? { pattern: shape.pattern } : {}),
  };
}

function libraryRule(rule: FieldRule): Omit<FieldRule, 'field' | 'personalData' | 'text'> {
  // `text` marks this library's own rules on top of the model's (TEXT_RULES): not the model's to say.
  const { field: _field, personalData: _personalData, text: _text, ...rest } = rule;
  return rest;
}

test.each(ALTERNATE_CONTACT_RULES.map((rule) => [rule.apiMember, rule]))('AlternateContact.%s matches the model', (_member, rule) => {
  // AlternateContact marks nothing required; PutAlternateContactRequest requires all four.
  const expected = modelRule('AlternateContact', rule.apiMember);
  expect(libraryRule(rule)).toEqual({ ...expected, required: shapes.PutAlternateContactRequest.required!.includes(rule.apiMember) });
});

test('every AlternateContact member of PutAlternateContactRequest has a rule', () => {
  const members = Object.keys(shapes.PutAlternateContactRequest.members!).filter((member) => !['AccountId', 'AlternateContactType'].includes(member));
  expect(ALTERNATE_CONTACT_RULES.map((rule) => rule.apiMember).sort()).toEqual(members.sort());
});

test.each(CONTACT_INFORMATION_RULES.map((rule) => [rule.apiMember, rule]))('ContactInformation.%s matches the model', (_member, rule) => {
  expect(libraryRule(rule)).toEqual(modelRule('ContactInformation', rule.apiMember));
});

test('every ContactInformation member has a rule', () => {
  expect(CONTACT_INFORMATION_RULES.map((rule) => rule.apiMember).sort()).toEqual(Object.keys(shapes.ContactInformation.members!).sort());
});

test('the primary email rule matches the model (PrimaryEmailAddress of StartPrimaryEmailUpdateRequest)', () => {
  expect(libraryRule(PRIMARY_EMAIL_RULE)).toEqual(modelRule('StartPrimaryEmailUpdateRequest', 'PrimaryEmail'));
  expect(shapes.GetPrimaryEmailResponse.members!.PrimaryEmail.shape).toBe(shapes.StartPrimaryEmailUpdateRequest.members!.PrimaryEmail.shape);
});

test('AccountId and AlternateContactType match the model', () => {
  const { pattern, minLength, maxLength } = ACCOUNT_ID_RULE;
  const model = shapes.AccountId;
  expect({ pattern, minLength, maxLength }).toEqual({ pattern: model.pattern, minLength: model.min, maxLength: model.max });
  expect([...ALTERNATE_CONTACT_TYPES].sort()).toEqual([...shapes.AlternateContactType.enum!].sort());
});

function installedBotocoreModel(): { version: string; model: { shapes: Record<string, unknown>; operations: Record<string, unknown> } } | undefined {
  let location: string;
  try {
    location = execFileSync('python3', ['-c', 'import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))'], {
      encoding: 'utf8',
    });
  } catch {
    return undefined;
  }
  const [version, directory] = location.trim().split('\n');
  const folder = path.join(directory, 'data', 'account', modelMetadata.apiVersion);
  const file = fs.existsSync(path.join(folder, 'service-2.json.gz')) ? path.join(folder, 'service-2.json.gz') : path.join(folder, 'service-2.json');
  const raw = fs.readFileSync(file);
  return { version, model: JSON.parse((file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8')) };
}

function withoutDocumentation(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutDocumentation);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'documentation')
        .map(([key, item]) => [key, withoutDocumentation(item)]),
    );
  }
  return value;
}

const installed = installedBotocoreModel();

/** Whether version a (major.minor.patch) is older than b. */
function older(a: string, b: string): boolean {
  const [left, right] = [a, b].map((version) => version.split('.').map(Number));
  const differing = left.findIndex((part, index) => part !== right[index]);
  return differing >= 0 && left[differing] < right[differing];
}

/** What a newer model may add to a shape: members, and enum values; anything else is a change, not an addition. */
function onlyAdds(installedShape: any, newerShape: any): boolean {
  const { members: newerMembers = {}, enum: newerEnum = [], ...newerRest } = newerShape;
  const { members: installedMembers = {}, enum: installedEnum = [], ...installedRest } = installedShape;
  return (
    isDeepStrictEqual(newerRest, installedRest) &&
    Object.entries(installedMembers).every(([name, member]) => isDeepStrictEqual(newerMembers[name], member)) &&
    installedEnum.every((value: string) => newerEnum.includes(value))
  );
}

(installed ? test : test.skip)('the checked-in extract equals the installed botocore model (or, from an older botocore, only adds to it)', () => {
  // scripts/extract-account-model.py writes the extract; the phone verification operations and GetPrimaryEmailUpdateStatus
  // came in botocore 1.44.
  const installedIsOlder = older(installed!.version, modelBotocoreVersion);
  const added: string[] = [];
  for (const [name, shape] of Object.entries(shapes)) {
    const installedShape = withoutDocumentation(installed!.model.shapes[name]);
    if (installedIsOlder && !isDeepStrictEqual(installedShape, shape)) {
      expect({ name, onlyAdds: installedShape === undefined || onlyAdds(installedShape, shape) }).toEqual({ name, onlyAdds: true });
      added.push(name);
    } else {
      expect({ name, shape: installedShape }).toEqual({ name, shape });
    }
  }
  if (installedIsOlder) {
    // The newer model must add the phone verification and the primary email update's status (botocore 1.44), and
    // nothing unexplained.
    expect(added.sort()).toEqual([
      'GetContactInformationResponse',
      'GetPrimaryEmailUpdateStatusRequest',
      'GetPrimaryEmailUpdateStatusResponse',
      'PhoneNumberVerificationStatus',
      'PrimaryEmailUpdateStatus',
      'SendPhoneNumberVerificationRequest',
      'SendPhoneNumberVerificationResponse',
      'Timestamp',
      'VerifyPhoneNumberRequest',
      'VerifyPhoneNumberResponse',
    ]);
  }
  if (installed!.version !== modelBotocoreVersion) {
    console.warn(`botocore ${installed!.version} agrees with the extract from ${modelBotocoreVersion}`);
  }
});
