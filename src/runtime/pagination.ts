/**
 * Every pagination loop of the functions and the command: follows NextToken (a page may be empty and still carry
 * one), and stops with an error that names the call when the service returns a token it returned before (the
 * listing would never end) or when the pages pass a ceiling.
 */

/** The most pages one listing may take: 10,000 pages of 20 accounts is 200,000 accounts, far over any organization. */
export const MAX_PAGES = 10_000;

/** A listing that would never end: the message names the call and how far it got. */
export class PaginationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaginationError';
  }
}

/** One page: its items and the token of the next, if any. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/**
 * Every item of a listing, page by page. `call` names the operation in messages (`organizations:ListAccounts`).
 */
export async function collectPages<T>(
  call: string,
  fetch: (nextToken: string | undefined) => Promise<Page<T>>,
  maxPages: number = MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let next: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await fetch(next);
    items.push(...page.items);
    next = page.next || undefined;
    if (next === undefined) {
      return items;
    }
    if (seen.has(next)) {
      throw new PaginationError(
        `${call} returned a NextToken it had returned before (page ${pages}, ${items.length} items so far): stopped, the listing would never end`,
      );
    }
    if (pages >= maxPages) {
      throw new PaginationError(
        `${call} still had more after ${maxPages} pages (${items.length} items): stopped at the ceiling of ${maxPages} pages`,
      );
    }
    seen.add(next);
  }
}
