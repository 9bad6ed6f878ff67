/**
 * What happens to the contacts an {@link OrganizationContacts} manages when it is removed (the construct taken out
 * of the app, or its stack deleted), and to the contacts of an account that leaves its scope. One choice, so that
 * no two settings can disagree about removal.
 *
 * @example
 * new OrganizationContacts(this, 'OrganizationContacts', {
 *   security: {
 *     name: 'Security Operations Center',
 *     title: 'Security team',
 *     emailAddress: 'security@example.com',
 *     phoneNumber: '+1 206 555 0100',
 *   },
 *   removal: ContactRemoval.RESTORE_PREVIOUS,
 * });
 */
export class ContactRemoval {
  /**
   * The contacts stay as they are. An account that leaves the scope keeps the contacts it was given.
   */
  public static readonly RETAIN = new ContactRemoval('RETAIN');

  /**
   * The declared alternate contacts of every account in scope are deleted (at 1 call per second: about 3 hours for
   * 5,000 accounts with three types). A primary contact cannot be deleted: it stays. An account that leaves the
   * scope keeps its contacts.
   */
  public static readonly DESTROY = new ContactRemoval('DESTROY');

  /**
   * Each account gets back what it held before: before its first write to an account's contact of a type, the
   * function keeps what the account held (in the results table, encrypted with KMS; never logged). On removal, and
   * when an account leaves the scope (an exclusion, a unit or tag change), it writes that back, or deletes the
   * contact where the account held none (a primary contact cannot be deleted: it stays).
   */
  public static readonly RESTORE_PREVIOUS = new ContactRemoval('RESTORE_PREVIOUS');

  /**
   * @param name the choice's name, as the deployment's `RemovalPolicy` property and messages spell it
   */
  private constructor(public readonly name: string) {}
}
