// Shopify's global ids: `gid://shopify/<Type>/<number>`, some with a query
// string (inventory levels name their item in one).
export type Gid = string;
export const gid = (type: string, n: number | string): Gid => `gid://shopify/${type}/${n}`;
/** The numeric id inside a GID (`gid://shopify/Order/1001?x=y` → 1001). */
export const legacyId = (id: Gid): number => Number(/\/(\d+)(?:\?.*)?$/.exec(id)?.[1] ?? NaN);
export const gidType = (id: string): string | undefined => /^gid:\/\/shopify\/(\w+)\/\d+/.exec(id)?.[1];
