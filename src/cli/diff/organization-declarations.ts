/**
 * `OrganizationContacts` in a cloud assembly: its declaration is not in the template but in the S3 asset beside it
 * (the resource's `DeclarationKey` names the object). The command reads it from the assembly and resolves it
 * against the organization's accounts and units with the function's own rules (scope, exclusions, unit and account
 * overrides), so that `diff` compares every account the construct manages.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ContactParameterNames } from '../../contacts/contact-parameters';
import {
  AccountPlacement,
  OrganizationDeclaration,
  ResolvedAccountContacts,
  excludingAccountTag,
  isAccountInScope,
  resolveAccountContacts,
  validateOrganizationDeclaration,
  ORGANIZATION_CONTACTS_LIST_NAMES,
} from '../../contacts/organization-declaration';

/** A declaration read from an assembly, with where it came from. */
export interface AssemblyOrganizationDeclaration {
  /** `<template file> <logical id> (<construct path>)`, for messages. */
  readonly source: string;
  readonly declaration: OrganizationDeclaration;
  /** The SSM parameters of the defaults that `declaration.defaultsFromParameters` names (the resource's `ContactParameters`). */
  readonly parameterNames?: ContactParameterNames;
}

/**
 * Reads the declaration of one `Custom::OrganizationContacts` resource from the assembly folder that holds its
 * template: the assets manifests say which file was uploaded under the key; `asset.<hash>.json` otherwise.
 * Throws with the reason when it cannot be read: a declaration the command cannot read never compares as "no drift".
 */
export function readAssemblyOrganizationDeclaration(
  templateFile: string,
  logicalId: string,
  properties: Record<string, unknown>,
): AssemblyOrganizationDeclaration {
  const where = `${path.basename(templateFile)} ${logicalId}`;
  const key = properties.DeclarationKey;
  if (typeof key !== 'string' || key.includes('${')) {
    throw new Error(
      `${where}: the OrganizationContacts declaration's object key is known only at deploy time (DeclarationKey ${JSON.stringify(key)})`,
    );
  }
  const directory = path.dirname(templateFile);
  const file = assetFileForKey(directory, key) ?? path.join(directory, `asset.${key.replace(/\.json$/, '')}.json`);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${where}: the OrganizationContacts declaration (S3 key ${key}) is not in the cloud assembly (looked for ${file}): synthesize the app again`,
    );
  }
  let declaration: OrganizationDeclaration;
  try {
    declaration = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${where}: the OrganizationContacts declaration ${file} is not JSON: ${(error as Error).message}`);
  }
  if (declaration?.version !== 1) {
    throw new Error(
      `${where}: the OrganizationContacts declaration ${file} has format version ${JSON.stringify(declaration?.version)}; this command reads version 1 (upgrade cdk-account-contacts)`,
    );
  }
  const problems = validateOrganizationDeclaration(declaration, {}, ORGANIZATION_CONTACTS_LIST_NAMES);
  if (problems.length > 0) {
    throw new Error(`${where}: the OrganizationContacts declaration ${file} is not valid: ${problems.map((problem) => problem.message).join('; ')}`);
  }
  const fromParameters = declaration.defaultsFromParameters ?? [];
  if (fromParameters.length === 0) {
    return { source: `${where} (${declaration.constructPath})`, declaration };
  }
  const names =
    typeof properties.ContactParameters === 'string' && !properties.ContactParameters.includes('${')
      ? (JSON.parse(properties.ContactParameters) as ContactParameterNames)
      : undefined;
  const unnamed = fromParameters.filter((property) => typeof names?.[property] !== 'string' || names[property]!.includes('${'));
  if (unnamed.length > 0) {
    throw new Error(
      `${where}: the OrganizationContacts defaults ${unnamed.join(', ')} are held in SSM parameters whose names are known only at deploy time (ContactParameters ${JSON.stringify(properties.ContactParameters)})`,
    );
  }
  return { source: `${where} (${declaration.constructPath})`, declaration, parameterNames: names };
}

/** The file an assets manifest of the folder uploads under this object key. */
function assetFileForKey(directory: string, key: string): string | undefined {
  for (const name of fs.readdirSync(directory).filter((candidate) => candidate.endsWith('.assets.json'))) {
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8'));
    for (const asset of Object.values<any>(manifest.files ?? {})) {
      if (Object.values<any>(asset.destinations ?? {}).some((destination) => destination.objectKey === key) && asset.source?.path) {
        return path.join(directory, asset.source.path);
      }
    }
  }
  return undefined;
}

/**
 * The contacts each account of the organization must hold under the declarations, as the organization function
 * resolves them. An account that two declarations manage is resolved by the first (the construct refuses such
 * overlaps only within one app; across apps it is reported by the caller as skipped).
 */
export function resolveOrganizationDeclarations(
  declarations: readonly AssemblyOrganizationDeclaration[],
  accounts: readonly AccountPlacement[],
): { resolved: Map<string, ResolvedAccountContacts>; overlaps: string[] } {
  const resolved = new Map<string, ResolvedAccountContacts>();
  const overlaps: string[] = [];
  for (const { source, declaration } of declarations) {
    for (const placement of accounts) {
      if (!isAccountInScope(declaration, placement) || excludingAccountTag(declaration, placement)) {
        continue;
      }
      if (resolved.has(placement.accountId)) {
        overlaps.push(`${source}: account ${placement.accountId} is also managed by an earlier OrganizationContacts (the earlier one is compared)`);
        continue;
      }
      resolved.set(placement.accountId, resolveAccountContacts(declaration, placement));
    }
  }
  return { resolved, overlaps };
}
