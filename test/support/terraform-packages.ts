/**
 * The built Terraform packages (packages/cdktn, packages/cdktf: scripts/build-terraform-package.sh, run before the
 * tests), each loaded with its own framework from its own node_modules, as a user's app would load them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import type * as cdktf from 'cdktf';
import { TEST_CREDENTIALS, TEST_REGION } from './moto-server';
import type * as terraformConstructs from '../../src/tf';

export type TerraformFramework = 'cdktn' | 'cdktf';
export const TERRAFORM_FRAMEWORKS: TerraformFramework[] = ['cdktn', 'cdktf'];

export interface TerraformPackage {
  readonly framework: TerraformFramework;
  /** The package's framework module (CDK Terrain keeps cdktf's API). */
  readonly core: typeof cdktf;
  /** The package's constructs. */
  readonly constructs: typeof terraformConstructs;
}

export function terraformPackage(framework: TerraformFramework): TerraformPackage {
  const directory = path.join(__dirname, '..', '..', 'packages', framework);
  if (!fs.existsSync(path.join(directory, 'lib', 'index.js'))) {
    throw new Error(`packages/${framework} is not built: run bash scripts/build-terraform-package.sh ${framework}`);
  }
  return {
    framework,
    core: require(require.resolve(framework, { paths: [directory] })),
    constructs: require(path.join(directory, 'lib')),
  };
}

export interface LocalEndpoints {
  readonly account: string;
  readonly organizations: string;
  readonly sts: string;
}

/**
 * A stack whose AWS provider talks to local servers, declared with the framework's core: the generated provider
 * bindings pin provider versions (6.x for CDK Terrain's) that the machine's offline mirror (5.100.0) may not hold.
 */
export function newPackageStack(terraform: TerraformPackage, endpoints?: LocalEndpoints): cdktf.TerraformStack {
  const stack = new terraform.core.TerraformStack(terraform.core.Testing.app(), 'stack');
  localAwsProvider(terraform, stack, 'aws', endpoints);
  return stack;
}

/** An AWS provider declared with the framework's core; `alias` for a second one (other credentials). */
export function localAwsProvider(
  terraform: TerraformPackage,
  stack: cdktf.TerraformStack,
  id: string,
  endpoints?: LocalEndpoints,
  alias?: string,
): cdktf.TerraformProvider {
  class LocalAwsProvider extends terraform.core.TerraformProvider {
    constructor() {
      super(stack, id, {
        terraformResourceType: 'aws',
        terraformProviderSource: 'hashicorp/aws',
        terraformGeneratorMetadata: { providerName: 'aws', providerVersionConstraint: '~> 5.0' },
      });
      this.alias = alias;
    }

    protected synthesizeAttributes(): { [name: string]: any } {
      return {
        region: TEST_REGION,
        ...(alias ? { alias } : {}),
        ...(endpoints
          ? {
              access_key: TEST_CREDENTIALS.accessKeyId,
              secret_key: TEST_CREDENTIALS.secretAccessKey,
              skip_credentials_validation: true,
              skip_metadata_api_check: 'true',
              skip_requesting_account_id: true,
              endpoints: [{ account: endpoints.account, organizations: endpoints.organizations, sts: endpoints.sts }],
            }
          : {}),
      };
    }
  }
  return new LocalAwsProvider();
}
