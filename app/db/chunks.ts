// An `IN (...)` list is bounded by the database (SQLite's and PostgreSQL's
// bound parameters), so long lists of ids are read a slice at a time.
const CHUNK = 500;

/** `read` for each slice of `ids`, the rows of all of them together. */
export async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let from = 0; from < ids.length; from += CHUNK) rows.push(...(await read(ids.slice(from, from + CHUNK))));
  return rows;
}
