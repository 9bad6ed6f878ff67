/**
 * The contacts a cloud assembly holds in SSM parameters (a resource's `ParameterName`, `OrganizationContacts`'
 * `ContactParameters`): read by the command before it compares, as the functions read them.
 */
import { ExpectedContacts, entry } from './expected-contacts';
import { AlternateContactType } from '../../contacts/alternate-contact';
import { ParameterReader, readContactParameters } from '../../contacts/contact-parameters';

/**
 * The contacts that SSM parameters hold, read as the functions read them (decrypted, checked with the same rules):
 * the templates' `ParameterName`s and `OrganizationContacts`' default parameters. A parameter that cannot be read or
 * holds an invalid contact is an error, never "no drift".
 */
export async function withParameterContacts(expected: ExpectedContacts, read: ParameterReader): Promise<ExpectedContacts> {
  const problems: string[] = [];
  for (const pending of expected.parameterContacts ?? []) {
    const { contacts, problems: found } = await readContactParameters({ [pending.property]: pending.parameterName }, read);
    problems.push(...found.map((problem) => `${pending.source}: ${problem.message}`));
    const declared = entry(expected.accounts, pending.accountId);
    if (pending.property === 'contactInformation') {
      declared.contactInformation = contacts.contactInformation ?? declared.contactInformation;
    } else if (contacts[pending.property]) {
      declared.alternateContacts[pending.property.toUpperCase() as AlternateContactType] = contacts[pending.property];
    }
  }
  const organizationDeclarations = [];
  for (const assembly of expected.organizationDeclarations ?? []) {
    const properties = assembly.declaration.defaultsFromParameters ?? [];
    if (properties.length === 0) {
      organizationDeclarations.push(assembly);
      continue;
    }
    const names = assembly.parameterNames ?? {};
    const declaredNames = Object.fromEntries(properties.map((property) => [property, names[property]]));
    const { contacts, problems: found } = await readContactParameters(declaredNames, read);
    problems.push(...found.map((problem) => `${assembly.source}: ${problem.message}`));
    organizationDeclarations.push({
      ...assembly,
      declaration: { ...assembly.declaration, defaults: { ...assembly.declaration.defaults, ...contacts }, defaultsFromParameters: undefined },
    });
  }
  if (problems.length > 0) {
    throw new Error(`${expected.source}: contacts held in SSM parameters cannot be compared: ${problems.join('; ')}`);
  }
  return expected.organizationDeclarations ? { ...expected, organizationDeclarations } : expected;
}
