/**
 * What {@link OrganizationContacts} does when a contact it manages is changed by another principal (a person in
 * the console, another tool): the Account Management API's PutAlternateContact, DeleteAlternateContact and
 * PutContactInformation calls, seen through CloudTrail and EventBridge.
 */
export enum OutsideChangeAction {
  /** Write the declared contact back at once, and publish a notification naming the account, the type and who. */
  RESTORE = 'RESTORE',
  /** Only publish the notification: the next reconciliation writes the declared contact back. */
  NOTIFY = 'NOTIFY',
  /** No rule: the next reconciliation repairs the change silently. */
  IGNORE = 'IGNORE',
}
