/**
 * Where the benchmarks put their tables: between a pair of markers (`<!-- name:start -->`, `<!-- name:end -->`) in a
 * page of the docs, so that the prose around them is the author's and the numbers are the last run's.
 */
import * as fs from 'fs';

/**
 * Replaces what is between the page's `name` markers with `content`. Returns false, and leaves the page as it was,
 * when the page does not have both markers.
 */
export function writeBetweenMarkers(page: string, name: string, content: string): boolean {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = fs.readFileSync(page, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    return false;
  }
  fs.writeFileSync(page, `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`);
  return true;
}
