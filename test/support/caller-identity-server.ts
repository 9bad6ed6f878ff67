/**
 * A local STS that answers GetCallerIdentity (the query protocol) as the account the test names: how the AWS provider
 * learns which account its credentials belong to, for a caller moto cannot be (a delegated administrator, a member
 * account). Every other STS action is refused as AWS refuses an unknown action.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export class CallerIdentityServer {
  public static async start(accountId: string): Promise<CallerIdentityServer> {
    const server = new CallerIdentityServer(accountId);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** How many GetCallerIdentity calls were answered. */
  public answered = 0;
  private readonly server: http.Server;

  private constructor(public readonly accountId: string) {
    this.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const action = new URLSearchParams(body).get('Action') ?? new URL(request.url ?? '/', 'http://local').searchParams.get('Action');
        response.setHeader('Content-Type', 'text/xml');
        if (action !== 'GetCallerIdentity') {
          response.statusCode = 400;
          response.end(
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code>' +
              `<Message>Could not find operation ${action ?? ''}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
          );
          return;
        }
        this.answered += 1;
        response.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            `<Arn>arn:aws:sts::${this.accountId}:assumed-role/platform/terraform</Arn><UserId>AROAEXAMPLE:terraform</UserId>` +
            `<Account>${this.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>local</RequestId>` +
            '</ResponseMetadata></GetCallerIdentityResponse>',
        );
      });
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
