/**
 * Account tag conditions (`excludeAccountTags`, the tags of `accountTagOverrides`): one rule for every surface that
 * takes them, the constructs' props and the command's declaration file.
 */
import { AccountTag } from './account-tag';
import { ValidationOptions, ValidationProblem, validateAccountTag } from './validation';

/** Where the two lists are, by the names the user wrote them with: messages name that. */
export interface TagListNames {
  readonly excludeAccountTags: string;
  readonly accountTagOverrides: string;
}

/**
 * The tag conditions of a declaration, wherever it is written (the constructs' props, the command's declaration
 * file): each a valid key and value, one override per condition, and no override on a tag that an exclusion covers
 * (it would never apply). `overrideTags[i]` is the tag of `<accountTagOverrides>[i]`.
 */
export function validateTagConditions(
  excludeTags: readonly AccountTag[],
  overrideTags: readonly AccountTag[],
  options: ValidationOptions = {},
  names: TagListNames = { excludeAccountTags: 'excludeAccountTags', accountTagOverrides: 'accountTagOverrides' },
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const describe = (tag: AccountTag) => (tag.value === undefined ? `'${tag.key}' (any value)` : `'${tag.key}=${tag.value}'`);
  const valid = (tag: AccountTag | undefined) =>
    tag !== undefined && tag !== null && typeof tag.key === 'string' && (tag.value === undefined || typeof tag.value === 'string');
  const known = (tag: AccountTag | undefined) => valid(tag) && ![tag!.key, tag!.value].some((part) => options.isUnresolved?.(part));
  excludeTags.forEach((tag, index) => {
    problems.push(...validateAccountTag(tag, { ...options, field: `${names.excludeAccountTags}[${index}]` }));
  });
  const seen = new Map<string, number>();
  overrideTags.forEach((tag, index) => {
    const prefix = `${names.accountTagOverrides}[${index}].`;
    problems.push(...validateAccountTag(tag, { ...options, fieldPrefix: prefix, field: 'tag' }));
    if (!known(tag)) {
      return;
    }
    const id = JSON.stringify([tag.key, tag.value ?? null]);
    if (seen.has(id)) {
      problems.push({
        field: `${prefix}tag`,
        message: `${prefix}tag ${describe(tag)} has another override (${names.accountTagOverrides}[${seen.get(id)}]): give each tag one override`,
      });
    }
    seen.set(id, index);
    // An exclusion covers the override when it names the same key and any value, or the same value.
    const excluded = excludeTags.find(
      (candidate) => known(candidate) && candidate.key === tag.key && (candidate.value === undefined || candidate.value === tag.value),
    );
    if (excluded) {
      problems.push({
        field: `${prefix}tag`,
        message: `${prefix}tag ${describe(tag)}: every account with it is excluded by ${names.excludeAccountTags} ${describe(excluded)}, so the override would never apply`,
      });
    }
  });
  return problems;
}
