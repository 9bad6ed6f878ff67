/**
 * `--import-findings`: the ASFF findings to Security Hub with BatchImportFindings, 100 per call (the API's limit),
 * one batch after another. Findings Security Hub refuses and batches that fail are reported, never dropped.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AsffFinding } from './formats/asff-report';

export const IMPORT_BATCH_SIZE = 100;

export interface ImportResult {
  readonly imported: number;
  /** Findings refused, with Security Hub's reason. */
  readonly failedFindings: Array<{ readonly id: string; readonly reason: string }>;
  /** Batches whose call failed: all their findings are counted here, not in failedFindings. */
  readonly failedBatches: Array<{ readonly findings: number; readonly reason: string }>;
}

export async function importFindings(client: Pick<SecurityHubClient, 'send'>, findings: readonly AsffFinding[]): Promise<ImportResult> {
  let imported = 0;
  const failedFindings: Array<{ id: string; reason: string }> = [];
  const failedBatches: Array<{ findings: number; reason: string }> = [];
  for (let start = 0; start < findings.length; start += IMPORT_BATCH_SIZE) {
    const batch = findings.slice(start, start + IMPORT_BATCH_SIZE);
    try {
      const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch as never }));
      imported += answer.SuccessCount ?? 0;
      for (const failed of answer.FailedFindings ?? []) {
        failedFindings.push({ id: failed.Id ?? '(no id)', reason: `${failed.ErrorCode ?? 'Error'}: ${failed.ErrorMessage ?? ''}` });
      }
    } catch (error) {
      failedBatches.push({ findings: batch.length, reason: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  return { imported, failedFindings, failedBatches };
}

/** One line per refused finding or failed batch, then the counts. */
export function renderImportResult(result: ImportResult, endpoint: string): string {
  const lines = [
    ...result.failedFindings.map((failed) => `Security Hub refused ${failed.id}: ${failed.reason}`),
    ...result.failedBatches.map((failed) => `BatchImportFindings of ${failed.findings} findings failed: ${failed.reason}`),
  ];
  const failed = result.failedFindings.length + result.failedBatches.reduce((total, batch) => total + batch.findings, 0);
  lines.push(`Imported ${result.imported} findings into Security Hub (${endpoint}), ${failed} failed.`);
  return `${lines.join('\n')}\n`;
}

export function importSucceeded(result: ImportResult): boolean {
  return result.failedFindings.length === 0 && result.failedBatches.length === 0;
}
