import { OrganizationRunContext } from './run-context';
import { OrganizationDeclaration, validateOrganizationDeclaration } from '../contacts/organization-declaration';
import { ContactValidationError } from '../runtime/contact-validation-error';

const validatedDeclarations = new WeakSet<OrganizationDeclaration>();

/** Loads and validates the declaration: the handler checks again what was a token at synth time. */
export async function loadValidDeclaration(context: OrganizationRunContext, key: string): Promise<OrganizationDeclaration> {
  const declaration = await context.loadDeclaration(key);
  // Every message of a run loads the same (cached) declaration: validate each declaration object once.
  if (!validatedDeclarations.has(declaration)) {
    const problems = validateOrganizationDeclaration(declaration);
    if (problems.length > 0) {
      throw new ContactValidationError(declaration.constructPath, problems);
    }
    validatedDeclarations.add(declaration);
  }
  return declaration;
}
