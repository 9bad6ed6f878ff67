/**
 * The Terraform AWS provider's account resources and the data sources the constructs read, written with the
 * cdktf core alone (`TerraformResource`, `TerraformDataSource`): the same JSON and HCL as the generated provider
 * bindings' classes (a test holds them equal), without the 362 MB `@cdktf/provider-aws` at run time. The user's
 * app declares the provider (`AwsProvider` or any `TerraformProvider` named `aws`) and its version.
 */
import { Construct } from 'constructs';
import { assertNoProblems } from './construct-problems';
import { ContactInformation } from '../../contacts/contact-information';
import { CONTACT_INFORMATION_RULES } from '../../contacts/validation';
import { TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE, TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE } from '../../protocol/terraform-resources';
import {
  ITerraformIterator,
  TerraformDataSource,
  ListTerraformIterator,
  TerraformProvider,
  TerraformResource,
  stringToHclTerraform,
  stringToTerraform,
} from '../framework';

/** The provider these resources belong to: cdktf checks that the stack declares it. */
const AWS_PROVIDER = { providerName: 'aws' };

/** Where a resource goes and how many of it there are. */
export interface ResourcePlacement {
  readonly provider?: TerraformProvider;
  readonly forEach?: ITerraformIterator;
  /**
   * `lifecycle { prevent_destroy = true }`: a plan that would delete an instance fails instead.
   *
   * @default false
   */
  readonly preventDestroy?: boolean;
}

export interface AlternateContactArguments extends ResourcePlacement {
  readonly accountId?: string;
  readonly alternateContactType: string;
  readonly name: string;
  readonly title: string;
  readonly emailAddress: string;
  readonly phoneNumber: string;
}

export interface PrimaryContactArguments extends ResourcePlacement {
  readonly accountId?: string;
  readonly contactInformation: ContactInformation;
}

/** A resource whose arguments are all strings, emitted in the provider's snake_case names. */
class StringArgumentsResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    resourceType: string,
    placement: ResourcePlacement,
    private readonly values: Record<string, string | undefined>,
  ) {
    super(scope, id, {
      terraformResourceType: resourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
      provider: placement.provider,
      forEach: placement.forEach,
      lifecycle: placement.preventDestroy ? { preventDestroy: true } : undefined,
    });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    assertNoProblems(this.node.scope!);
    return Object.fromEntries(Object.entries(this.values).map(([name, value]) => [name, stringToTerraform(value)]));
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    assertNoProblems(this.node.scope!);
    return Object.fromEntries(
      Object.entries(this.values)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => [name, { value: stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' }]),
    );
  }
}

/** A data source read without arguments. */
class ArgumentlessDataSource extends TerraformDataSource {
  constructor(scope: Construct, id: string, resourceType: string, provider: TerraformProvider | undefined) {
    super(scope, id, { terraformResourceType: resourceType, terraformGeneratorMetadata: AWS_PROVIDER, provider });
  }
}

/** A data source read once per item of `forEach`, with `parent_id` = the item. */
class ParentIdDataSource extends TerraformDataSource {
  constructor(
    scope: Construct,
    id: string,
    resourceType: string,
    private readonly iterator: ListTerraformIterator,
    provider: TerraformProvider | undefined,
  ) {
    super(scope, id, {
      terraformResourceType: resourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
      provider,
      forEach: iterator,
    });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { parent_id: stringToTerraform(this.iterator.value) };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    return { parent_id: { value: stringToHclTerraform(this.iterator.value), isBlock: false, type: 'simple', storageClassType: 'string' } };
  }
}

/** `aws_account_alternate_contact`. */
export function alternateContactResource(scope: Construct, id: string, args: AlternateContactArguments): TerraformResource {
  return new StringArgumentsResource(scope, id, TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE, args, {
    account_id: args.accountId,
    alternate_contact_type: args.alternateContactType,
    email_address: args.emailAddress,
    name: args.name,
    phone_number: args.phoneNumber,
    title: args.title,
  });
}

/** `aws_account_primary_contact`: the contact information's fields in the provider's names (`address_line_1`, ...). */
export function primaryContactResource(scope: Construct, id: string, args: PrimaryContactArguments): TerraformResource {
  const information = args.contactInformation as unknown as Record<string, string | undefined>;
  const values: Record<string, string | undefined> = { account_id: args.accountId };
  for (const rule of [...CONTACT_INFORMATION_RULES].sort((a, b) => snakeCase(a.field).localeCompare(snakeCase(b.field)))) {
    values[snakeCase(rule.field)] = information[rule.field];
  }
  return new StringArgumentsResource(scope, id, TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE, args, values);
}

/** `data "aws_caller_identity"`: the provider's own account. */
export function callerIdentityData(scope: Construct, id: string, provider?: TerraformProvider): TerraformDataSource {
  return new ArgumentlessDataSource(scope, id, 'aws_caller_identity', provider);
}

/** `data "aws_organizations_organization"`: the organization and its accounts. */
export function organizationData(scope: Construct, id: string, provider?: TerraformProvider): TerraformDataSource {
  return new ArgumentlessDataSource(scope, id, 'aws_organizations_organization', provider);
}

/**
 * `data "aws_organizations_organizational_unit_descendant_accounts"` with `for_each` over units: the accounts under
 * each unit, nested units included.
 */
export function descendantAccountsData(
  scope: Construct,
  id: string,
  units: ListTerraformIterator,
  provider?: TerraformProvider,
): TerraformDataSource {
  return new ParentIdDataSource(scope, id, 'aws_organizations_organizational_unit_descendant_accounts', units, provider);
}

/**
 * `data "aws_organizations_organizational_unit_descendant_organizational_units"` with `for_each` over units: the
 * units nested under each unit, at any depth (`children`).
 */
export function descendantUnitsData(scope: Construct, id: string, units: ListTerraformIterator, provider?: TerraformProvider): TerraformDataSource {
  return new ParentIdDataSource(scope, id, 'aws_organizations_organizational_unit_descendant_organizational_units', units, provider);
}

/** `addressLine1` → `address_line_1`, `fullName` → `full_name`. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`).replace(/(\D)(\d+)$/, '$1_$2');
}
