import * as http from 'http';

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
