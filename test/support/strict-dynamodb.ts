/**
 * A strict front for moto_server's DynamoDB: what AWS guarantees or enforces and moto does not.
 * - DDB-1 (docs/aws-behaviours.md): a conditional write is atomic. moto's are not when requests come at once (two of
 *   eight concurrent claims of one item both succeeded in 1 trial of 20): the front hands moto one request at a time.
 * - DDB-3: an expression string (condition, update, key condition, filter, projection) holds at most 4 KB (DynamoDB
 *   developer guide, "Quotas": expression parameters); a longer one is `ValidationException`, as AWS answers it.
 *   moto takes it, and at a few thousand clauses crashes with an HTML page instead.
 */
import * as http from 'http';
import { LocalEndpoint, forwardRequest } from './http-forward';

export const MAX_EXPRESSION_BYTES = 4_096;
const EXPRESSIONS = ['ConditionExpression', 'UpdateExpression', 'KeyConditionExpression', 'FilterExpression', 'ProjectionExpression'];

interface ItemKey {
  readonly pk?: { readonly S?: string };
}

export class StrictDynamoDB extends LocalEndpoint {
  public static async start(motoEndpoint: string): Promise<StrictDynamoDB> {
    return new StrictDynamoDB(motoEndpoint).listen();
  }

  /** Requests refused, with the refusal. */
  public readonly refused: string[] = [];
  /**
   * Requests received, by operation and the kind of item they name (its key's prefix before `#`, or `*` for a
   * request that names none): `UpdateItem FENCE`, `Query *`. What each part of the run engine costs in requests.
   */
  public readonly calls: Record<string, number> = {};
  /** The request moto is answering now: the next waits for it. */
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(private readonly motoEndpoint: string) {
    super();
  }

  protected handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    const input = JSON.parse(body.toString('utf8') || '{}') as { Key?: ItemKey; Item?: ItemKey };
    const operation = String(request.headers['x-amz-target'] ?? '')
      .split('.')
      .pop();
    const call = `${operation} ${(input.Key ?? input.Item)?.pk?.S?.split('#')[0] ?? '*'}`;
    this.calls[call] = (this.calls[call] ?? 0) + 1;
    const refusal = expressionRefusal(input);
    if (refusal) {
      this.refused.push(refusal);
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ValidationException' });
      response.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: refusal }));
      return;
    }
    // Ended when its answer is sent, or when its caller went away (a killed Lambda container), even while it waits.
    let gone = false;
    const ended = new Promise<void>((resolve) =>
      response.once('close', () => {
        gone = true;
        resolve();
      }),
    );
    this.inFlight = this.inFlight.then(() => {
      if (gone) {
        return undefined;
      }
      forwardRequest('strict-dynamodb', this.motoEndpoint, request, body, response);
      return ended;
    });
  }
}

/** The refusal of the first expression over 4 KB in a request (transactions and batches included), if any. */
export function expressionRefusal(input: unknown): string | undefined {
  if (Array.isArray(input)) {
    return input.map(expressionRefusal).find((refusal) => refusal !== undefined);
  }
  if (input === null || typeof input !== 'object') {
    return undefined;
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (EXPRESSIONS.includes(key) && typeof value === 'string' && Buffer.byteLength(value) > MAX_EXPRESSION_BYTES) {
      return `Invalid ${key}: Expression size has exceeded the maximum allowed size; expression size: ${Buffer.byteLength(value)}`;
    }
    const inner = typeof value === 'object' ? expressionRefusal(value) : undefined;
    if (inner) {
      return inner;
    }
  }
  return undefined;
}
