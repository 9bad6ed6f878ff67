import * as fc from 'fast-check';
import { canonicalJson } from '../../src/contacts/canonical-json';

test('keys are sorted at every depth; arrays keep their order', () => {
  expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
});

test('any object, its keys in any order, gives the same text, which parses back to an equal value', () => {
  const shuffled = (value: unknown, seed: number): unknown => {
    if (Array.isArray(value)) {
      return value.map((item, index) => shuffled(item, seed + index));
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      const rotated = entries
        .slice(seed % Math.max(1, entries.length))
        .concat(entries.slice(0, seed % Math.max(1, entries.length)))
        .reverse();
      return Object.fromEntries(rotated.map(([key, member], index) => [key, shuffled(member, seed + index)]));
    }
    return value;
  };
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
      const text = canonicalJson(value);
      expect(canonicalJson(shuffled(value, seed))).toBe(text);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    }),
    { numRuns: 300 },
  );
});
