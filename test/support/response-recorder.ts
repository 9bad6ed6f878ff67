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
}

export class ResponseRecorder {
  public static async start(): Promise<ResponseRecorder> {
    const recorder = new ResponseRecorder();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    return recorder;
  }

  /** Every request, in order of arrival. */
  public readonly received: RecordedResponse[] = [];
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = { unparsable: body.slice(0, 200) };
      }
      this.received.push({ method: request.method ?? '', path: (request.url ?? '').split('?')[0], bytes: Buffer.byteLength(body, 'utf8'), body: parsed });
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

  /** Forgets what was received. */
  public clear(): void {
    this.received.length = 0;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
