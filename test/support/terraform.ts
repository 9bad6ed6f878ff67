/**
 * Real Terraform, offline: the AWS provider comes from the machine's filesystem mirror (see ../shared/TOOLCHAIN.md),
 * through a CLI configuration of the project's own.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the AWS provider mirror is: $TF_PLUGIN_MIRROR, or a `tf-plugins` folder at the top of the file system. */
export function providerMirror(): string | undefined {
  const candidates = [process.env.TF_PLUGIN_MIRROR, '/opt/tf-plugins', '/usr/local/share/tf-plugins', '/srv/tf-plugins'];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(path.join(candidate, 'registry.terraform.io', 'hashicorp', 'aws'))) {
      return candidate;
    }
  }
  try {
    const found = execFileSync('find', ['/', '-maxdepth', '2', '-type', 'd', '-name', 'tf-plugins'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')[0];
    return found || undefined;
  } catch {
    return undefined;
  }
}

let cliConfig: string | undefined;

/** A Terraform CLI configuration that installs providers from the mirror only (created once per test file). */
export function cliConfigFile(): string {
  if (!cliConfig) {
    const mirror = providerMirror();
    if (!mirror) {
      throw new Error('no Terraform AWS provider mirror (tf-plugins) on this machine: set TF_PLUGIN_MIRROR');
    }
    cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-cli-')), 'terraform.rc');
    fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
  }
  return cliConfig;
}

/** Points Terraform run by cdktf's own matchers (toBeValidTerraform) at the mirror. */
export function useProviderMirror(): void {
  process.env.TF_CLI_CONFIG_FILE = cliConfigFile();
  process.env.CHECKPOINT_DISABLE = '1';
}

export class Terraform {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    public readonly workingDirectory: string,
    extraEnv: NodeJS.ProcessEnv = {},
    /** How long one terraform command may run before it is stopped (SIGTERM). */
    private readonly timeoutSeconds = 300,
  ) {
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfigFile(),
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extraEnv,
    };
  }

  /**
   * Runs `terraform <args>` and resolves with its output; rejects with the output when it fails. Asynchronous, so
   * that servers running in the test's own process (the local Account API server) keep answering meanwhile.
   */
  public async run(...args: string[]): Promise<string> {
    const { code, output } = await this.exitCodeOf(...args);
    if (code !== 0) {
      throw new Error(`terraform ${args.join(' ')} failed (${code}):\n${output}`);
    }
    return output;
  }

  /** Runs `terraform <args>` and resolves with its exit code (or the signal that stopped it) and its output. */
  public exitCodeOf(...args: string[]): Promise<{ code: number | string; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, { cwd: this.workingDirectory, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGTERM'), this.timeoutSeconds * 1000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? String(signal), output });
      });
    });
  }

  public init(): Promise<string> {
    return this.run('init', '-no-color', '-input=false');
  }

  public apply(): Promise<string> {
    return this.run('apply', '-no-color', '-input=false', '-auto-approve');
  }

  public destroy(): Promise<string> {
    return this.run('destroy', '-no-color', '-input=false', '-auto-approve');
  }

  /** The addresses in the state. */
  public async stateList(): Promise<string[]> {
    return (await this.run('state', 'list')).split('\n').filter((line) => line.trim().length > 0);
  }
}

/** Writes a synthesized `cdk.tf.json` into a fresh folder and returns the folder. */
export function writeConfiguration(json: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-config-'));
  fs.writeFileSync(path.join(directory, 'cdk.tf.json'), json);
  return directory;
}
