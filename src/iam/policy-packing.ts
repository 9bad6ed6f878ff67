/**
 * Statements whose lists grow with a declaration (account ARNs, unit paths), packed into as few policy documents of
 * IAM's managed-policy size as they need: a list too long for one statement is split into statements of the same
 * shape, each in the document it fits. Every document is measured the way IAM measures it (iam-quotas.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IAM_QUOTAS, listEntryCharacters, policyCharacters } from './iam-quotas';

/** A statement whose one list (resources, or one condition's values) may be split across statements. */
export interface SplittableStatement {
  /** The list's entries. */
  readonly entries: readonly string[];
  /** The statement that holds some of the entries. */
  readonly statement: (entries: string[]) => iam.PolicyStatement;
}

/** The documents' statements, one array per document, or `undefined` when more than `maxDocuments` are needed. */
export function packStatements(stack: Stack, statements: SplittableStatement[], maxDocuments: number): iam.PolicyStatement[][] | undefined {
  const quota = IAM_QUOTAS.managedPolicyCharacters;
  const documentBase = policyCharacters(stack, { Version: '2012-10-17', Statement: [] });
  const documents: iam.PolicyStatement[][] = [[]];
  let used = documentBase;
  for (const splittable of statements) {
    // The statement without entries: measured with two empty ones (`["",""]`, 5 characters), the list's brackets kept.
    const base = policyCharacters(stack, splittable.statement(['', '']).toStatementJson()) - 5 + 1;
    const costs = splittable.entries.map((entry) => listEntryCharacters(stack, entry));
    let next = 0;
    while (next < costs.length) {
      let taken = 0;
      let size = used + base;
      while (next + taken < costs.length && size + costs[next + taken] <= quota) {
        size += costs[next + taken];
        taken += 1;
      }
      if (taken === 0) {
        if (documents[documents.length - 1].length === 0) {
          throw new Error(`one entry of a statement does not fit a managed policy of ${quota} characters: ${splittable.entries[next]}`);
        }
        documents.push([]);
        used = documentBase;
        continue;
      }
      documents[documents.length - 1].push(splittable.statement(splittable.entries.slice(next, next + taken)));
      used = size;
      next += taken;
    }
  }
  const packed = documents.filter((document) => document.length > 0);
  return packed.length <= maxDocuments ? packed : undefined;
}
