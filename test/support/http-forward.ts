import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * Sends a request a strict front has let through on to the server behind it (moto_server, the Account API server),
 * and its answer back as it is; a server that cannot be reached is a 502 naming the front.
 */
export function forwardRequest(front: string, upstream: string, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
  const url = new URL(request.url ?? '/', upstream);
  const forwarded = http.request(url, { method: request.method, headers: { ...request.headers, host: url.host } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  forwarded.on('error', (error) => {
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: `${front}: upstream failed: ${error.message}` }));
  });
  forwarded.end(body);
}

/**
 * As {@link forwardRequest}, but the answer is read whole and a successful JSON answer is passed through `rewrite`
 * first: for a front that reports what moto cannot (an account state moto never sets).
 */
export function forwardRewritten(
  front: string,
  upstream: string,
  request: http.IncomingMessage,
  body: Buffer,
  response: http.ServerResponse,
  rewrite: (answer: any) => unknown,
): void {
  const url = new URL(request.url ?? '/', upstream);
  const forwarded = http.request(url, { method: request.method, headers: { ...request.headers, host: url.host } }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      let text = Buffer.concat(chunks).toString('utf8');
      if (answer.statusCode === 200 && text.length > 0) {
        text = JSON.stringify(rewrite(JSON.parse(text)));
      }
      const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
      delete headers['transfer-encoding'];
      response.writeHead(answer.statusCode ?? 502, headers);
      response.end(text);
    });
  });
  forwarded.on('error', (error) => {
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: `${front}: upstream failed: ${error.message}` }));
  });
  forwarded.end(body);
}

/**
 * A local HTTP endpoint that reads each request whole and answers it in `handle`: the base of the strict fronts
 * (start it with `listen`).
 */
export abstract class LocalEndpoint {
  protected readonly server: http.Server;

  protected constructor() {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks), response));
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  protected abstract handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void;
}
