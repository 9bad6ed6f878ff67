/**
 * A local HTTP endpoint that records the CloudFormation responses sent to it: the ResponseURL of every test that
 * runs a custom resource handler (the handler's own tests, the organization harness, the CloudFormation simulator
 * and the answer-time benchmark).
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { CustomResourceResponse } from '../../src/runtime/cloudformation-custom-resource';

/** One request the endpoint received. */
export interface RecordedResponse {
  readonly method: string;
  /** The URL's path, without the query. */
  readonly path: string;
  /** The body's size in UTF-8 bytes: CloudFormation refuses more than 4,096. */
  readonly bytes: number;
  readonly body: Record<string, unknown>;
  /** When it arrived (epoch milliseconds). */
  readonly at: number;
}

export class ResponseRecorder {
  public static async start(): Promise<ResponseRecorder> {
    const recorder = new ResponseRecorder();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    return recorder;
  }

  /** Every request, in order of arrival. */
  public readonly received: RecordedResponse[] = [];
  /** Requests answered with an error status while refusing (see `refuseFor`), not recorded as received. */
  public refused = 0;
  private refusingUntil = 0;
  private refusalStatus = 503;
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (Date.now() < this.refusingUntil) {
        this.refused++;
        response.writeHead(this.refusalStatus);
        response.end('<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>');
        return;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = { unparsable: body.slice(0, 200) };
      }
      this.received.push({
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0],
        bytes: Buffer.byteLength(body, 'utf8'),
        body: parsed,
        at: Date.now(),
      });
      response.end();
    });
  });

  /** The response bodies, in order of arrival. */
  public get responses(): CustomResourceResponse[] {
    return this.received.map((response) => response.body as unknown as CustomResourceResponse);
  }

  /** A ResponseURL on this endpoint. */
  public get url(): string {
    return this.urlFor('/response');
  }

  /** A ResponseURL with its own path, so that one request's answer can be told from another's. */
  public urlFor(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The first request received on a path. */
  public responseTo(path: string): RecordedResponse | undefined {
    return this.received.find((response) => response.path === path);
  }

  /** Answers every request with `status` (S3's 503 Slow Down by default) for the next `milliseconds`. */
  public refuseFor(milliseconds: number, status = 503): void {
    this.refusingUntil = Date.now() + milliseconds;
    this.refusalStatus = status;
  }

  /** Forgets what was received, and stops refusing. */
  public clear(): void {
    this.received.length = 0;
    this.refused = 0;
    this.refusingUntil = 0;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
