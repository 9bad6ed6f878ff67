/**
 * What kind of value an input holds, in the words an error message uses: shared by the declaration file's check,
 * the construct props' shape check and the Account API answers' shape check.
 */

/** A plain object (a mapping, a struct): not `null`, not a list. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The kind of a value with its article (`null`, `a list`, `a number`), a plain object named `objectName`
 * (`a mapping` for YAML readers). @param objectName @default 'an object'
 */
export function typeName(value: unknown, objectName = 'an object'): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? objectName : `a ${typeof value}`;
}
