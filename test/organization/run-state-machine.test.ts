/**
 * The state machine's tables are whole, and the README's state table is the code's.
 */
import { AnswerPhase, RUN_COMMIT_POINTS, RUN_TRANSITIONS, RunEffect, RunPhase, RunTransition } from '../../src/organization/run-state-machine';
import { documentation } from '../support/documentation';

// docs/architecture.md holds the table; found wherever the documentation keeps it.
const README = documentation();

function describeState(attribute: 'phase' | 'answer', state: RunPhase | AnswerPhase): string {
  return attribute === 'answer' ? `answer \`${state}\`` : `\`${state}\``;
}

test("the README's state table lists every transition, from and to what the code says", () => {
  const table = README.slice(README.indexOf('<!-- run-states:start -->'), README.indexOf('<!-- run-states:end -->'));
  const rows = table
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const expected = Object.entries(RUN_TRANSITIONS).map(([transition, rule]) => [
    `\`${transition}\``,
    rule.from.length === 0 ? '(none)' : rule.from.map((state) => describeState(rule.attribute, state)).join(', '),
    describeState(rule.attribute, rule.to),
  ]);
  expect(rows).toEqual(expected);
});

test('the README counts the commit points the crash test kills at', () => {
  expect(README).toContain(`invocation killed at any of the ${RUN_COMMIT_POINTS.length} commit points`);
});

test('every transition and every effect is a commit point, once', () => {
  expect([...RUN_COMMIT_POINTS].sort()).toEqual([...Object.values(RunTransition), ...Object.values(RunEffect)].sort());
});

test('every phase is reached by a transition, and only CREATE starts from nothing', () => {
  const reached = new Set(Object.values(RUN_TRANSITIONS).map((rule) => rule.to));
  expect(Object.values(RunPhase).filter((phase) => !reached.has(phase))).toEqual([]);
  expect(Object.values(AnswerPhase).filter((phase) => phase !== AnswerPhase.WAITING && !reached.has(phase))).toEqual([]);
  const fromNothing = Object.entries(RUN_TRANSITIONS)
    .filter(([, rule]) => rule.from.length === 0)
    .map(([transition]) => transition);
  expect(fromNothing).toEqual([RunTransition.CREATE]);
});
