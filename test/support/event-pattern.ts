/**
 * EventBridge's event pattern matching, for the simulator's rules: every field of the pattern must match the event;
 * a list matches when the event's value (or any item of an event list) equals one of its values or meets one of its
 * content filters (`prefix`, `exists`). Any other filter is refused, so that a rule is never matched by accident.
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) {
      return expected.some((candidate) => matchesValue(candidate, actual));
    }
    if (expected !== null && typeof expected === 'object') {
      return (
        actual !== null && typeof actual === 'object' && !Array.isArray(actual) && matchesEventPattern(expected as Record<string, unknown>, actual)
      );
    }
    throw new Error(`event pattern field ${key}: a pattern's values are lists or objects, got ${JSON.stringify(expected)}`);
  });
}

function matchesValue(candidate: unknown, actual: unknown): boolean {
  if (candidate !== null && typeof candidate === 'object') {
    const [[filter, argument]] = Object.entries(candidate as Record<string, unknown>);
    switch (filter) {
      case 'prefix':
        return asList(actual).some((value) => typeof value === 'string' && value.startsWith(String(argument)));
      case 'exists':
        return (actual !== undefined) === argument;
      default:
        throw new Error(`event pattern content filter '${filter}' is not simulated`);
    }
  }
  return actual !== undefined && asList(actual).some((value) => value === candidate);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** SSM Parameter Store's event for a parameter created, updated or deleted (EventBridge, default bus). */
export function parameterChangeEvent(
  name: string,
  operation: 'Create' | 'Update' | 'Delete',
  options: { account: string; region: string; type?: string },
) {
  return {
    version: '0',
    id: `parameter-${operation}-${Math.random().toString(16).slice(2)}`,
    'detail-type': 'Parameter Store Change',
    source: 'aws.ssm',
    account: options.account,
    time: new Date().toISOString(),
    region: options.region,
    resources: [`arn:aws:ssm:${options.region}:${options.account}:parameter/${name.replace(/^\//, '')}`],
    detail: { operation, name, type: options.type ?? 'String', description: '' },
  };
}
