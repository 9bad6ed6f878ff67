import { ValidationProblem } from '../contacts/validation';

/**
 * Invalid contacts found at deploy time (values that were tokens at synth time), with the construct path and every
 * problem's field and rule.
 */
export class ContactValidationError extends Error {
  constructor(constructPath: string, problems: ValidationProblem[]) {
    super(`${constructPath}: ${problems.map((problem) => problem.message).join('; ')}`);
    this.name = 'ContactValidationError';
  }
}
