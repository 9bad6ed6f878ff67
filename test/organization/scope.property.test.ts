/**
 * The worst defect this library can have is a write to an account the user excluded. Generated scopes (fast-check,
 * fixed seed: any accountIds, organizationalUnitIds and excludeAccountIds over a real nested organization, overlaps
 * included) are deployed end to end through the organization handler (moto_server for Organizations, SQS and
 * DynamoDB, the local Account API server), and the accounts written are compared with a scope computed here, apart
 * from the library's code: exactly the accounts in scope are written, and a declaration with a problem writes none.
 */
import * as fc from 'fast-check';
import { OrganizationDeclaration, validateOrganizationDeclaration } from '../../src/contacts/organization-declaration';
import { handleOrganizationEvent } from '../../src/organization/organization-handler';
import { SECURITY } from '../support/contacts-fixtures';
import { MOTO_ACCOUNT_ID } from '../support/moto-server';
import { organizationResourceEvent, useOrganizationHarness } from '../support/organization-harness';

jest.setTimeout(600_000);
const SEED = 20261204;
const RUNS = 60;
const fixture = useOrganizationHarness();

test(`only the accounts in scope are written, on ${RUNS} generated scopes (seed ${SEED})`, async () => {
  const { harness, recorder } = fixture;
  const organization = await harness.buildOrganization(2, [
    { name: 'a', accounts: 1, units: [{ name: 'b', accounts: 1 }] },
    { name: 'c', accounts: 1 },
  ]);
  const units = organization.unitIds;
  // Each account's units, nearest first, written out here rather than read from the library.
  const ancestors = new Map<string, string[]>([
    [MOTO_ACCOUNT_ID, []],
    ...organization.accountsByUnit.root.map((id): [string, string[]] => [id, []]),
    [organization.accountsByUnit.a[0], [units.a]],
    [organization.accountsByUnit.b[0], [units.b, units.a]],
    [organization.accountsByUnit.c[0], [units.c]],
  ]);
  const accounts = [...ancestors.keys()];
  const subset = <T>(items: T[]) => fc.subarray(items);
  const scopes = fc.record({
    accountIds: fc.option(subset(accounts), { nil: undefined, freq: 2 }),
    organizationalUnitIds: fc.option(subset(Object.values(units)), { nil: undefined, freq: 2 }),
    excludeAccountIds: subset(accounts),
  });

  let iteration = 0;
  const tally = { refused: 0, deployed: 0, accountsWritten: 0, excludedSeen: 0 };
  await fc.assert(
    fc.asyncProperty(scopes, async (scope) => {
      iteration += 1;
      harness.accountServer.reset();
      recorder.clear();
      const declaration: OrganizationDeclaration = {
        version: 1,
        constructPath: 'Stack/OrganizationContacts',
        defaults: { security: SECURITY },
        accountIds: scope.accountIds,
        organizationalUnitIds: scope.organizationalUnitIds,
        excludeAccountIds: scope.excludeAccountIds,
        organizationalUnitOverrides: [],
        accountOverrides: [],
      };
      const key = `scope-${iteration}.json`;
      harness.declarations.set(key, declaration);
      const event = organizationResourceEvent(recorder.url, 'Create', { DeclarationKey: key });
      await handleOrganizationEvent(event, harness.context(), { currentDeclarationKey: key });
      await harness.drain();

      const written = new Set(
        harness.accountServer.requests
          .filter((request) => /^Put/.test(request.operation) && request.status === 200)
          .map((request) => request.accountId ?? MOTO_ACCOUNT_ID),
      );
      const valid = validateOrganizationDeclaration(declaration).length === 0;
      const expected = valid
        ? accounts.filter(
            (id) =>
              !scope.excludeAccountIds.includes(id) &&
              (scope.accountIds === undefined || scope.accountIds.includes(id)) &&
              (scope.organizationalUnitIds === undefined || ancestors.get(id)!.some((unit) => scope.organizationalUnitIds!.includes(unit))),
          )
        : [];
      expect([...written].sort()).toEqual([...expected].sort());
      for (const excluded of scope.excludeAccountIds) {
        expect(harness.accountServer.requests.filter((request) => request.accountId === excluded && /^(Put|Delete)/.test(request.operation))).toEqual(
          [],
        );
      }
      expect(recorder.responses).toHaveLength(1);
      expect(recorder.responses[0].Status).toBe(valid ? 'SUCCESS' : 'FAILED');
      tally[valid ? 'deployed' : 'refused'] += 1;
      tally.accountsWritten += written.size;
      tally.excludedSeen += scope.excludeAccountIds.length;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  process.stdout.write(`scope property: ${JSON.stringify(tally)}\n`);
  expect(tally.deployed).toBeGreaterThan(RUNS / 4);
  expect(tally.refused).toBeGreaterThan(0);
});
