/**
 * Identity-based IAM policy evaluation, as much of it as the deployment simulator needs to enforce a role's policy
 * in front of a local API: explicit Deny wins, then any Allow; `Action` and `Resource` with `*` and `?` wildcards;
 * the condition operators StringEquals, StringLike, ArnLike, ArnNotLike (negated: true when no value matches, or the
 * key is absent) and the ForAllValues / ForAnyValue forms of the first three. Anything else
 * (NotAction, NotResource, other operators) throws: the simulator never guesses in the caller's favour.
 *
 * It is a test double of IAM: it shares no code with the library under test.
 */

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
}

export interface PolicyDocument {
  readonly Statement: PolicyStatement | PolicyStatement[];
}

/** One request: the action, the resource ARN, and the request's condition keys (single or multi-valued). */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

export type Decision = 'ALLOW' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's wildcard match: `*` any run of characters, `?` one character; actions case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((character) => {
      if (character === '*') {
        return '.*';
      }
      if (character === '?') {
        return '.';
      }
      return character.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const SUPPORTED_OPERATORS = ['StringEquals', 'StringLike', 'ArnLike', 'ArnNotLike'];
const SUPPORTED_QUALIFIERS = [undefined, 'ForAllValues', 'ForAnyValue'];

function conditionHolds(operator: string, key: string, expected: string[], request: AuthorizationRequest): boolean {
  const present = request.context?.[key];
  const values = asList(present);
  const [qualifier, base] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  // Checked first, whatever the request holds: an unknown condition skipped on a Deny would fail open.
  if (!SUPPORTED_OPERATORS.includes(base) || !SUPPORTED_QUALIFIERS.includes(qualifier)) {
    throw new Error(`iam-policy: condition operator ${operator} is not supported by the simulator`);
  }
  const compare = (value: string) => (base === 'StringEquals' ? expected.includes(value) : expected.some((pattern) => wildcardMatch(pattern, value)));
  if (base === 'ArnNotLike') {
    if (qualifier !== undefined) {
      throw new Error(`iam-policy: condition operator ${operator} is not supported by the simulator`);
    }
    // A negated operator: true when no value of the request matches any pattern, and when the key is absent.
    return !values.some(compare);
  }
  switch (qualifier) {
    case undefined:
      return present !== undefined && values.some(compare);
    case 'ForAllValues':
      // True for a request without the key, as in IAM: a Deny never relies on it here, and an Allow with it
      // must be read with that in mind.
      return values.every(compare);
    default: // ForAnyValue
      return values.some(compare);
  }
}

function statementMatches(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
    throw new Error('iam-policy: NotAction and NotResource are not supported by the simulator');
  }
  const actionMatches = asList(statement.Action).some((action) => wildcardMatch(action, request.action, true));
  const resourceMatches = asList(statement.Resource).some((resource) => wildcardMatch(resource, request.resource));
  if (!actionMatches || !resourceMatches) {
    return false;
  }
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, asList(expected), request)),
  );
}

/** The decision of a set of identity-based policies for one request. */
export function evaluatePolicies(documents: PolicyDocument[], request: AuthorizationRequest): Decision {
  const statements = documents.flatMap((document) => asList(document.Statement));
  if (statements.some((statement) => statement.Effect === 'Deny' && statementMatches(statement, request))) {
    return 'EXPLICIT_DENY';
  }
  return statements.some((statement) => statement.Effect === 'Allow' && statementMatches(statement, request)) ? 'ALLOW' : 'IMPLICIT_DENY';
}
