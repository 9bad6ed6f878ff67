/**
 * Starts and stops `moto_server` (a real AWS API emulator, on the machine through pip) on 127.0.0.1.
 */
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';

/** The account moto's default credentials belong to. */
export const MOTO_ACCOUNT_ID = '123456789012';

/** The credentials and Region every test client uses: moto and the local servers accept any. */
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
export const TEST_REGION = 'us-east-1';

/**
 * Environment variables that send a process's AWS SDK clients (a bundled function, the command, terraform's
 * provider reads them too) to local endpoints with the test credentials: `endpoints` by service id as the SDK
 * names them in `AWS_ENDPOINT_URL_<SERVICE>` (`ACCOUNT`, `SSM`, `ORGANIZATIONS`, ...).
 */
export function localAwsEnvironment(endpoints: Record<string, string> = {}, region = TEST_REGION): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    ...Object.fromEntries(Object.entries(endpoints).map(([service, endpoint]) => [`AWS_ENDPOINT_URL_${service}`, endpoint])),
  };
}

/** A started moto_server for the tests of one file; `server` is set from beforeAll on. */
export interface MotoFixture {
  readonly server: MotoServer;
  readonly endpoint: string;
}

/**
 * The moto setup of a test file: starts moto_server before its tests, stops it after them, and (with `resetEachTest`)
 * forgets every resource before each test.
 */
export function useMotoServer(options: { accountId?: string; resetEachTest?: boolean } = {}): MotoFixture {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await MotoServer.start({ accountId: options.accountId });
  });
  afterAll(async () => server?.stop());
  if (options.resetEachTest) {
    beforeEach(async () => server!.reset());
  }
  return {
    get server() {
      return server!;
    },
    get endpoint() {
      return server!.endpoint;
    },
  };
}

export class MotoServer {
  /** Starts moto_server; `accountId` sets the account its default credentials belong to (MOTO_ACCOUNT_ID). */
  public static async start(options: { accountId?: string } = {}): Promise<MotoServer> {
    const port = await freePort();
    const env = { ...process.env, ...(options.accountId ? { MOTO_ACCOUNT_ID: options.accountId } : {}) };
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk.toString()));
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    while (!(await server.isUp())) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`moto_server did not start on port ${port}: ${stderr.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return server;
  }

  private constructor(
    private readonly child: ChildProcess,
    public readonly endpoint: string,
  ) {}

  /** Forgets every resource (POST /moto-api/reset). */
  public async reset(): Promise<void> {
    await request(`${this.endpoint}/moto-api/reset`, 'POST');
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private async isUp(): Promise<boolean> {
    try {
      return (await request(`${this.endpoint}/moto-api/`, 'GET')) === 200;
    } catch {
      return false;
    }
  }
}

function request(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
