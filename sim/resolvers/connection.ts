// Relay connections with Shopify's pagination rules, and search `query`
// arguments with the terms each resource supports.
import { GraphQLError } from "graphql";
import { NotImplementedError } from "../schema";
import { legacyId, type Gid } from "../state/ids";
import type { Obj } from "./context";

const MAX_PAGE = 250;

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const cursorFor = (id: Gid) => Buffer.from(JSON.stringify({ last_id: legacyId(id) })).toString("base64");
const idFromCursor = (cursor: string): number => {
  try {
    return Number((JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id: number }).last_id);
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
  }
};

/** Relay connection over `items` (already in default order), with Shopify's first/last rules. */
export function connection<T extends { id: Gid }>(items: T[], args: PageArgs, toNode: (t: T) => Obj): Obj {
  const { first, last, after, before } = args;
  if (first == null && last == null)
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if (first != null && last != null)
    throw new GraphQLError("providing both first and last is not supported", { extensions: { code: "BAD_REQUEST" } });
  if ((first ?? last ?? 0) > MAX_PAGE) {
    throw new GraphQLError(`The ${first != null ? "first" : "last"} argument must be less than or equal to ${MAX_PAGE}`, {
      extensions: { code: "BAD_REQUEST" },
    });
  }
  let list = args.reverse ? [...items].reverse() : [...items];
  const pos = (c: string) => list.findIndex((t) => legacyId(t.id) === idFromCursor(c));
  let start = 0;
  let end = list.length;
  if (after) start = pos(after) + 1;
  if (before) end = Math.max(start, pos(before));
  list = list.slice(start, end);
  const total = list.length;
  const page = first != null ? list.slice(0, first) : list.slice(Math.max(0, total - (last ?? 0)));
  const hasNextPage = first != null ? total > page.length || end < items.length : end < items.length;
  const hasPreviousPage = last != null ? total > page.length || start > 0 : start > 0;
  const nodes = page.map(toNode);
  return {
    nodes,
    edges: page.map((t, i) => ({ cursor: cursorFor(t.id), node: nodes[i] })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: page[0] ? cursorFor(page[0].id) : null,
      endCursor: page.length ? cursorFor(page[page.length - 1]!.id) : null,
    },
  };
}

/** Applies a Shopify search `query` with the terms a resource supports; others fail loudly. */
export function search<T>(
  items: T[],
  query: string | null | undefined,
  terms: Record<string, (item: T, value: string) => boolean>,
  resource: string,
): T[] {
  if (!query?.trim()) return items;
  const parts = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  let out = items;
  for (const part of parts) {
    if (/^(AND)$/i.test(part)) continue;
    const m = /^(-)?(\w+):(.+)$/.exec(part);
    const test = m ? terms[m[2]!] : undefined;
    if (!m || !test) {
      throw new NotImplementedError(`Search term '${part}' on ${resource} is not implemented by the Shopify simulator`, {
        extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
      });
    }
    const value = m[3]!.replace(/^"|"$/g, "");
    out = out.filter((item) => test(item, value) !== Boolean(m[1]));
  }
  return out;
}

export const byId = (value: string) => (item: { id: Gid }) => String(legacyId(item.id)) === value || item.id === value;
