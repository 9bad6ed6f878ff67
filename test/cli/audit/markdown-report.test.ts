/**
 * The Markdown report shows anyone's text (an account's name, a contact's title) as text: HTML escaped as the HTML
 * report escapes it, no carriage return or line break that would end a table row, no `|` that would split a cell.
 */
import * as fc from 'fast-check';
import { AccountSnapshot } from '../../../src/cli/account-snapshot';
import { ContactRead } from '../../../src/cli/audit/checks';
import { evaluateAccount } from '../../../src/cli/audit/findings';
import { renderMarkdown } from '../../../src/cli/audit/formats/markdown-report';
import { BILLING, OPERATIONS, PRIMARY, SECURITY } from '../../support/contacts-fixtures';

const named = (name: string): AccountSnapshot => ({
  account: { accountId: '222233334444', own: false, name },
  alternateContacts: { SECURITY, BILLING, OPERATIONS },
  contactInformation: PRIMARY,
  reads: Object.values(ContactRead),
  readErrors: {},
});
const render = (name: string) =>
  renderMarkdown([evaluateAccount(named(name), { cisVersion: '3.0.0', requireDistinctSecurityContact: false })], { showContacts: false });

test('an account named with HTML and line breaks is one table row of escaped text', () => {
  const markdown = render('<script>alert(1)</script>\r\nEvil | Corp\rx\\|');
  expect(markdown).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; Evil \\| Corp x\\\\\\| |');
  expect(markdown).not.toContain('<script>');
  expect(markdown).not.toContain('\r');
});

test('whatever the name, the report holds no raw tag, carriage return or unescaped cell separator, and one row per account', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (name) => {
      const markdown = render(name);
      const rows = markdown.split('\n').filter((line) => line.startsWith('| 222233334444 |'));
      expect(rows).toHaveLength(1);
      expect(markdown).not.toMatch(/[<>\r\u2028\u2029]/);
      // Five cells: every | inside a value is escaped (a backslash escapes the next character).
      expect(rows[0].replace(/\\./g, '').split('|')).toHaveLength(7);
    }),
  );
});
