/**
 * A local AWS Organizations endpoint (JSON 1.1, as the SDK speaks it) that misbehaves as a faulty or hostile service
 * could, for what moto never does: every listing answers the same NextToken forever, a unit is its own child, or no
 * request is ever answered. It counts the calls it gets.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export enum OrganizationsFault {
  /** Every listing returns one empty page whose NextToken is always the same. */
  REPEATED_TOKEN = 'REPEATED_TOKEN',
  /** The root's child unit lists the root's unit again as its child: the tree is a cycle. */
  UNIT_CYCLE = 'UNIT_CYCLE',
  /** Requests are read and never answered. */
  HANG = 'HANG',
}

export class MisbehavingOrganizations {
  public static async start(fault: OrganizationsFault): Promise<MisbehavingOrganizations> {
    const endpoint = new MisbehavingOrganizations(fault);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** Calls received, by operation. */
  public readonly calls: Record<string, number> = {};
  private readonly server: http.Server;

  private constructor(private readonly fault: OrganizationsFault) {
    this.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const operation =
          String(request.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ?? '';
        this.calls[operation] = (this.calls[operation] ?? 0) + 1;
        if (this.fault === OrganizationsFault.HANG) {
          return; // never answered
        }
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(this.answer(operation, JSON.parse(body || '{}'))));
      });
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every call, all operations together. */
  public get totalCalls(): number {
    return Object.values(this.calls).reduce((total, count) => total + count, 0);
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const root = { Id: 'r-abcd', Arn: 'arn:aws:organizations::111122223333:root/o-abcdefghij/r-abcd', Name: 'Root' };
    if (this.fault === OrganizationsFault.UNIT_CYCLE) {
      switch (operation) {
        case 'ListRoots':
          return { Roots: [root] };
        case 'ListAccountsForParent':
          return { Accounts: [] };
        case 'ListChildren':
          return { Children: [{ Id: input.ParentId === 'r-abcd' ? 'ou-abcd-11111111' : 'ou-abcd-11111111', Type: 'ORGANIZATIONAL_UNIT' }] };
        default:
          return {};
      }
    }
    switch (operation) {
      case 'ListRoots':
        return { Roots: [root], NextToken: 'same-token' };
      case 'ListAccounts':
      case 'ListAccountsForParent':
        return { Accounts: [], NextToken: 'same-token' };
      case 'ListChildren':
        return { Children: [], NextToken: 'same-token' };
      default:
        return {};
    }
  }
}
