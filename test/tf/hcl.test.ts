/**
 * cdktf's HCL output, parsed back with @cdktf/hcl2json, describes the same resources as its JSON output.
 */
import { parse } from '@cdktf/hcl2json';
import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { AccountPrimaryContact } from '@cdktf/provider-aws/lib/account-primary-contact';
import { Testing } from 'cdktf';
import { TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE, TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE } from '../../src/protocol/terraform-resources';
import * as tf from '../../src/tf';
import { BILLING, PRIMARY, SECURITY } from '../support/contacts-fixtures';
import { newStack } from '../support/tf-stacks';

/** hcl2json wraps every block in a list: unwrap single-element lists of objects. */
function unwrap(value: any): any {
  if (Array.isArray(value)) {
    return value.length === 1 && value[0] && typeof value[0] === 'object' && !Array.isArray(value[0]) ? unwrap(value[0]) : value.map(unwrap);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrap(item)]));
  }
  return value;
}

test('HCL and JSON synthesis agree on every resource and its arguments', async () => {
  const stack = newStack();
  new tf.SecurityContacts(stack, 'Member', { security: SECURITY, billing: BILLING, accountId: '444455556666' });
  new tf.AccountContactDetails(stack, 'Primary', { contactInformation: PRIMARY });
  new tf.OrganizationContacts(stack, 'Org', { security: SECURITY, excludeAccountIds: ['999988887777', '444455556666'] });

  const fromJson = JSON.parse(Testing.synth(stack)).resource;
  const hcl = Testing.synthHcl(stack) as string;
  const fromHcl = unwrap((await parse('cdk.tf', hcl)).resource);

  expect(Object.keys(fromHcl).sort()).toEqual(Object.keys(fromJson).sort());
  for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(fromJson)) {
    expect(Object.keys(fromHcl[type]).sort()).toEqual(Object.keys(resources).sort());
    for (const [name, resource] of Object.entries(resources)) {
      expect({ address: `${type}.${name}`, ...fromHcl[type][name] }).toEqual({ address: `${type}.${name}`, ...resource });
    }
  }
  expect(Object.keys(fromJson.aws_account_alternate_contact)).toHaveLength(4);
});

test('the command reads back the resource types the provider bindings emit', () => {
  expect(AccountAlternateContact.tfResourceType).toBe(TERRAFORM_ALTERNATE_CONTACT_RESOURCE_TYPE);
  expect(AccountPrimaryContact.tfResourceType).toBe(TERRAFORM_PRIMARY_CONTACT_RESOURCE_TYPE);
});
