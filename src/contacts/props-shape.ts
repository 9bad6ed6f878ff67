/**
 * The shape of a construct's props, checked before the constructor reads them: props that are not an object, a
 * `null`, a contact that is a list, a list that is a string, a list item that is missing, or a prop whose name the
 * construct does not know (TypeScript checks names only in an object literal: `new X(this, 'Id', props)` with a
 * variable holding `excludeAccountIDs` compiles, and the exclusion would be ignored). Each problem names the field
 * and the rule; the values themselves are checked by the rules of `validation.ts`, at synth time.
 *
 * Framework-free, like the rest of `contacts/`: the AWS CDK and the Terraform constructs share it.
 */
import { AccountContactsOverride } from './account-contacts-override';
import { AccountSelection } from './account-selection';
import { AccountTag } from './account-tag';
import { AccountTagContactsOverride } from './account-tag-contacts-override';
import { ContactsOverrides } from './contacts-overrides';
import { nearestKey } from './nearest-key';
import { OrganizationalUnitContactsOverride } from './organizational-unit-contacts-override';
import { ALTERNATE_CONTACT_RULES, CONTACT_INFORMATION_RULES } from './validation';
import { isPlainObject, typeName } from './value-kind';

/** What a prop must be, as far as the constructor depends on it. */
export enum PropKind {
  /** A plain object (a struct), not a list. */
  OBJECT = 'OBJECT',
  /** A list of values. */
  LIST = 'LIST',
  /** A list of plain objects. */
  LIST_OF_OBJECTS = 'LIST_OF_OBJECTS',
  /** Any value but `null` (a string, a number, a class instance, an enum value): its own rules check it. */
  VALUE = 'VALUE',
}

/** The shape of one prop or struct field. */
export interface PropShape {
  readonly kind: PropKind;
  /** The struct's own fields, for OBJECT and LIST_OF_OBJECTS. @default - the fields are not checked */
  readonly fields?: StructShape;
  /**
   * Whether the constructor needs the value. A required contact whose rule says more (SECURITY and CIS) is left to
   * the synth-time rules. @default false
   */
  readonly required?: boolean;
}

/** The fields of a struct, every one named: an unknown field is refused. */
export interface StructShape {
  /** The struct's name in messages, e.g. `SecurityContactsProps`. */
  readonly name: string;
  readonly fields: Readonly<Record<string, PropShape>>;
  /**
   * Fields of an earlier release and where each went, so that an upgrade is told the new place instead of "unknown
   * field" (JavaScript and Python callers are not stopped by a compiler). @default none
   */
  readonly moved?: Readonly<Record<string, string>>;
}

const VALUE: PropShape = { kind: PropKind.VALUE };
const LIST: PropShape = { kind: PropKind.LIST };

/** A struct's shape with every field of `T` named (the compiler refuses a missing or an extra one). */
export function structShape<T>(name: string, fields: Record<keyof T & string, PropShape>, moved?: Record<string, string>): StructShape {
  return moved ? { name, fields, moved } : { name, fields };
}

/** Shapes of the simplest kinds, for the shape tables. */
export const PROP_SHAPES = {
  VALUE,
  LIST: { kind: PropKind.LIST } as PropShape,
} as const;

function fieldsOf(rules: readonly { field: string }[]): Record<string, PropShape> {
  return Object.fromEntries(rules.map((rule) => [rule.field, VALUE]));
}

/** An alternate contact: the fields of the rule table. */
export const ALTERNATE_CONTACT_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: { name: 'AlternateContact', fields: fieldsOf(ALTERNATE_CONTACT_RULES) },
};

/** The primary contact information: the fields of the rule table. */
export const CONTACT_INFORMATION_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: { name: 'ContactInformation', fields: fieldsOf(CONTACT_INFORMATION_RULES) },
};

/** The three alternate contacts and the primary contact information, as every declaring struct names them. */
export const DECLARED_CONTACTS_FIELDS: Readonly<Record<'security' | 'billing' | 'operations' | 'contactInformation', PropShape>> = {
  security: ALTERNATE_CONTACT_SHAPE,
  billing: ALTERNATE_CONTACT_SHAPE,
  operations: ALTERNATE_CONTACT_SHAPE,
  contactInformation: CONTACT_INFORMATION_SHAPE,
};

/** Every shape problem of `props`, each a message naming the field. */
export function propsShapeProblems(props: unknown, shape: StructShape): string[] {
  const problems: string[] = [];
  if (!isPlainObject(props)) {
    problems.push(`props must be an object of ${shape.name}; got ${props === undefined ? 'none' : typeName(props)}`);
    return problems;
  }
  checkStruct(props, shape, '', problems);
  return problems;
}

/**
 * Throws when `props` do not have the shape: every problem on its own line, prefixed with the construct path as
 * synth-time problems are (`[Stack/Contacts] billing is null: ...`).
 */
export function assertPropsShape(constructPath: string, props: unknown, shape: StructShape): void {
  const problems = propsShapeProblems(props, shape);
  if (problems.length > 0) {
    const error = new Error(`Invalid props of ${constructPath}:\n${problems.map((problem) => `[${constructPath}] ${problem}`).join('\n')}`);
    error.name = 'ValidationError';
    throw error;
  }
}

function checkStruct(value: Record<string, unknown>, shape: StructShape, prefix: string, problems: string[]): void {
  const known = Object.keys(shape.fields);
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (fieldShape.required && value[key] === undefined) {
      problems.push(`${prefix}${key} is required${fieldShape.fields ? `: give an object of ${fieldShape.fields.name}` : ''}`);
    }
  }
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = `${prefix}${key}`;
    const fieldShape = Object.prototype.hasOwnProperty.call(shape.fields, key) ? shape.fields[key] : undefined;
    if (fieldShape === undefined) {
      const movedTo = shape.moved && Object.prototype.hasOwnProperty.call(shape.moved, key) ? shape.moved[key] : undefined;
      if (fieldValue !== undefined && movedTo !== undefined) {
        problems.push(`${prefix}${key} is not a field of ${shape.name} any more: it moved to ${movedTo} (see the CHANGELOG)`);
      } else if (fieldValue !== undefined) {
        const nearMoved = shape.moved ? nearestKey(key, Object.keys(shape.moved)) : undefined;
        const near = nearestKey(key, known) ?? (nearMoved ? `${nearMoved}, now ${shape.moved![nearMoved]}` : undefined);
        const shown = key.length > 60 ? `${key.slice(0, 60)}...` : key;
        problems.push(
          `${prefix}${shown} is not a field of ${shape.name}${near ? `: did you mean ${near}?` : ''} ` +
            `(its fields: ${known.join(', ')}); an unknown field is refused, never ignored`,
        );
      }
      continue;
    }
    checkValue(fieldValue, fieldShape, field, problems);
  }
}

function checkValue(value: unknown, shape: PropShape, field: string, problems: string[]): void {
  if (value === undefined) {
    return;
  }
  if (value === null) {
    problems.push(`${field} is null: leave it out instead (null is not a value of any field)`);
    return;
  }
  switch (shape.kind) {
    case PropKind.OBJECT:
      if (!isPlainObject(value)) {
        problems.push(`${field} is ${typeName(value)}: it must be an object${shape.fields ? ` of ${shape.fields.name}` : ''}`);
      } else if (shape.fields) {
        checkStruct(value, shape.fields, `${field}.`, problems);
      }
      return;
    case PropKind.LIST:
    case PropKind.LIST_OF_OBJECTS:
      if (!Array.isArray(value)) {
        problems.push(`${field} is ${typeName(value)}: it must be a list${shape.fields ? ` of ${shape.fields.name}` : ''}`);
        return;
      }
      value.forEach((item, index) => {
        const itemField = `${field}[${index}]`;
        if (item === undefined || item === null) {
          problems.push(`${itemField} is ${item === null ? 'null' : 'missing'}: a list holds no empty items`);
        } else if (shape.kind === PropKind.LIST_OF_OBJECTS) {
          checkValue(item, { kind: PropKind.OBJECT, fields: shape.fields }, itemField, problems);
        }
      });
      return;
    case PropKind.VALUE:
      return;
  }
}

/** An account tag: a key and maybe a value. */
export const ACCOUNT_TAG_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: structShape<AccountTag>('AccountTag', { key: VALUE, value: VALUE }),
};

/** `accountOverrides` of the organization constructs. */
export const ACCOUNT_OVERRIDES_SHAPE: PropShape = {
  kind: PropKind.LIST_OF_OBJECTS,
  fields: structShape<AccountContactsOverride>('AccountContactsOverride', { accountId: VALUE, ...DECLARED_CONTACTS_FIELDS }),
};

/** `organizationalUnitOverrides` of the organization construct. */
export const ORGANIZATIONAL_UNIT_OVERRIDES_SHAPE: PropShape = {
  kind: PropKind.LIST_OF_OBJECTS,
  fields: structShape<OrganizationalUnitContactsOverride>('OrganizationalUnitContactsOverride', {
    organizationalUnitId: VALUE,
    ...DECLARED_CONTACTS_FIELDS,
  }),
};

/** `accountTagOverrides` of the organization construct. */
export const ACCOUNT_TAG_OVERRIDES_SHAPE: PropShape = {
  kind: PropKind.LIST_OF_OBJECTS,
  fields: structShape<AccountTagContactsOverride>('AccountTagContactsOverride', { tag: ACCOUNT_TAG_SHAPE, ...DECLARED_CONTACTS_FIELDS }),
};

/** `excludeAccountTags` of the organization construct. */
export const ACCOUNT_TAGS_SHAPE: PropShape = { kind: PropKind.LIST_OF_OBJECTS, fields: ACCOUNT_TAG_SHAPE.fields };

/** `accountSelection` of every organization construct (AWS CDK and Terraform). */
export const ACCOUNT_SELECTION_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: structShape<AccountSelection>('AccountSelection', {
    accountIds: LIST,
    organizationalUnitIds: LIST,
    excludeAccountIds: LIST,
    excludeOrganizationalUnitIds: LIST,
    excludeAccountTags: ACCOUNT_TAGS_SHAPE,
  }),
};

/** `overrides` of every organization construct (AWS CDK and Terraform). */
export const CONTACTS_OVERRIDES_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: structShape<ContactsOverrides>('ContactsOverrides', {
    accounts: ACCOUNT_OVERRIDES_SHAPE,
    organizationalUnits: ORGANIZATIONAL_UNIT_OVERRIDES_SHAPE,
    accountTags: ACCOUNT_TAG_OVERRIDES_SHAPE,
  }),
};

/** The SSM parameters of alternate contacts (`AlternateContactParameters`): each a parameter object. */
export const ALTERNATE_CONTACT_PARAMETERS_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: { name: 'AlternateContactParameters', fields: { security: VALUE, billing: VALUE, operations: VALUE } },
};

/** The SSM parameters of an organization's default contacts (`ContactParameters`). */
export const CONTACT_PARAMETERS_SHAPE: PropShape = {
  kind: PropKind.OBJECT,
  fields: { name: 'ContactParameters', fields: { security: VALUE, billing: VALUE, operations: VALUE, contactInformation: VALUE } },
};
