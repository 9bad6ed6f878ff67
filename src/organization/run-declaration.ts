import { OrganizationRunContext } from './run-context';
import { readContactParameters } from '../contacts/contact-parameters';
import {
  DeclaredContactsSet,
  OrganizationDeclaration,
  validateOrganizationDeclaration,
  ORGANIZATION_CONTACTS_LIST_NAMES,
} from '../contacts/organization-declaration';
import { ContactValidationError } from '../runtime/contact-validation-error';

const validatedDeclarations = new WeakSet<OrganizationDeclaration>();
/** Declarations with their parameters read, per context (one invocation) and key: read once, never across invocations. */
const withParameters = new WeakMap<OrganizationRunContext, Map<string, Promise<OrganizationDeclaration>>>();
/** The parameter versions each declaration's defaults were read from, by parameter name. */
const versionsRead = new WeakMap<OrganizationDeclaration, Record<string, number>>();

/** The versions of the SSM parameters a loaded declaration's defaults were read from (none when it reads none). */
export function parameterVersionsOf(declaration: OrganizationDeclaration): Record<string, number> {
  return versionsRead.get(declaration) ?? {};
}

/**
 * Loads and validates the declaration: the handler checks again what was a token at synth time. Default contacts held
 * in SSM parameters are read (once per invocation) and checked with the same rules and messages as values. `pinned`:
 * the versions a run read when it started (`parameterVersionsOf`), which its workers read again, so that every
 * account of the run gets the same contacts whatever is stored meanwhile (a newer version has its own run).
 */
export async function loadValidDeclaration(
  context: OrganizationRunContext,
  key: string,
  pinned: Record<string, number> = {},
): Promise<OrganizationDeclaration> {
  const stored = await context.loadDeclaration(key);
  if ((stored.defaultsFromParameters ?? []).length > 0) {
    let byKey = withParameters.get(context);
    if (!byKey) {
      byKey = new Map();
      withParameters.set(context, byKey);
    }
    const cacheKey = `${key}@${JSON.stringify(Object.entries(pinned).sort())}`;
    let resolved = byKey.get(cacheKey);
    if (!resolved) {
      resolved = readDefaultParameters(context, stored, pinned);
      byKey.set(cacheKey, resolved);
      // A failed read is not kept: the next message of the invocation tries again.
      resolved.catch(() => byKey!.delete(cacheKey));
    }
    return resolved;
  }
  return validated(stored);
}

function validated(declaration: OrganizationDeclaration): OrganizationDeclaration {
  // Every message of a run loads the same (cached) declaration: validate each declaration object once.
  if (!validatedDeclarations.has(declaration)) {
    const problems = validateOrganizationDeclaration(declaration, {}, ORGANIZATION_CONTACTS_LIST_NAMES);
    if (problems.length > 0) {
      throw new ContactValidationError(declaration.constructPath, problems);
    }
    validatedDeclarations.add(declaration);
  }
  return declaration;
}

async function readDefaultParameters(
  context: OrganizationRunContext,
  stored: OrganizationDeclaration,
  pinned: Record<string, number>,
): Promise<OrganizationDeclaration> {
  const properties = stored.defaultsFromParameters ?? [];
  const names = context.contactParameters?.names ?? {};
  const missing = properties.filter((property) => names[property] === undefined);
  if (missing.length > 0 || !context.contactParameters) {
    // The declaration and the function's settings come from two deployments: say so rather than apply half.
    throw new Error(
      `${stored.constructPath}: the declaration reads ${properties.join(', ')} from SSM parameters, and the function knows no parameter for ${(missing.length > 0 ? missing : properties).join(', ')}; deploy the stack again`,
    );
  }
  // A pinned parameter is read at its version (`name:version`): problems name that version.
  const selector = (name: string) => (pinned[name] !== undefined ? `${name}:${pinned[name]}` : name);
  const declared = Object.fromEntries(properties.map((property) => [property, selector(names[property]!)]));
  const { contacts, problems, versions } = await readContactParameters(declared, context.contactParameters.read);
  if (problems.length > 0) {
    throw new ContactValidationError(stored.constructPath, problems);
  }
  const defaults: DeclaredContactsSet = { ...stored.defaults, ...contacts };
  const declaration = validated({ ...stored, defaults, defaultsFromParameters: undefined });
  versionsRead.set(
    declaration,
    Object.fromEntries(
      properties
        .map((property) => names[property]!)
        .map((name) => [name, pinned[name] ?? versions[name]] as const)
        .filter((entry): entry is readonly [string, number] => entry[1] !== undefined),
    ),
  );
  return declaration;
}
