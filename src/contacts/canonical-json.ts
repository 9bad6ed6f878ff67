/**
 * JSON with every object's keys in sorted order, so that what is hashed (the organization declaration asset) follows
 * the values only, never the order a user wrote them in or the order a language binding passes them in (jsii's
 * Python structs arrive with their fields sorted, TypeScript object literals in the order written).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(
          Object.keys(member)
            .sort()
            .map((key) => [key, member[key]]),
        )
      : member,
  );
}
