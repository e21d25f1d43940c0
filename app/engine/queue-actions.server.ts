// The merchant's actions on waiting lines: pin to the front of the line,
// unpin, and "release now" (ship it anyway). Each is written with its audit
// event and a reconcile request, then announced to the job runner, so it is
// acted on at once (see settings.server.ts); exported wrapped in
// `byMerchant`, so the trail names the merchant as the cause.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { lineKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import { replan } from "./requests.server";
import type { ChangeContext } from "./settings.server";
import { WAITING } from "./queue.server";

/** The most lines one bulk action takes: a page and then some. */
export const MAX_LINES_PER_ACTION = 250;

export const lineIdsInput = z
  .array(z.number().int().positive("must be line ids"))
  .min(1, "select at least one line")
  .max(MAX_LINES_PER_ACTION, `at most ${MAX_LINES_PER_ACTION} lines at once`);

/** Some of the lines are not waiting lines of this shop (another shop's, gone, or shipped). */
export class LineNotFoundError extends Error {
  name = "LineNotFoundError";
  constructor(readonly ids: number[]) {
    super(`ids: no waiting line ${ids.join(", ")} in this store`);
  }
}

/** The shop's waiting lines of these ids, in the order given; throws when any is not one. */
async function waitingLines(db: Db, shop: string, ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = await db.backorderLine.findMany({
    where: { shop, id: { in: unique }, state: WAITING },
    select: { id: true, lineItemId: true, locationId: true, releasedByMerchant: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new LineNotFoundError(missing);
  return unique.map((id) => byId.get(id)!);
}

async function readPins(db: Db, shop: string): Promise<string[]> {
  const row = await db.shop.findUnique({ where: { shop }, select: { pins: true } });
  return row ? idList.decode(row.pins) : [];
}

/**
 * Pins lines to the front of their line: pinned lines are served before any
 * rule, first pinned first served, so a new pin goes behind the pins already
 * there. Pinning a pinned line changes nothing.
 */
export const pinLines = byMerchant(addPins);
async function addPins(context: ChangeContext, shop: string, ids: number[]) {
  const { db } = context;
  const lines = await waitingLines(db, shop, lineIdsInput.parse(ids));
  const pins = await readPins(db, shop);
  const added = lines.filter((line) => !pins.includes(line.lineItemId));
  if (added.length === 0) return { changed: 0 };
  const next = [...pins, ...new Set(added.map((line) => line.lineItemId))];
  await db.shop.update({ where: { shop }, data: { pins: idList.encode(next) } });
  for (const line of added) await recordAudit(db, shop, "line.pinned", lineKey(line), { pin: next.indexOf(line.lineItemId) + 1 });
  await replan(context, shop);
  return { changed: added.length };
}

/** Takes lines' pins away: they go back to their place by the shop's rule. */
export const unpinLines = byMerchant(removePins);
async function removePins(context: ChangeContext, shop: string, ids: number[]) {
  const { db } = context;
  const lines = await waitingLines(db, shop, lineIdsInput.parse(ids));
  const pins = await readPins(db, shop);
  const removed = lines.filter((line) => pins.includes(line.lineItemId));
  if (removed.length === 0) return { changed: 0 };
  const gone = new Set(removed.map((line) => line.lineItemId));
  await db.shop.update({ where: { shop }, data: { pins: idList.encode(pins.filter((id) => !gone.has(id))) } });
  for (const line of removed) await recordAudit(db, shop, "line.unpinned", lineKey(line));
  await replan(context, shop);
  return { changed: removed.length };
}

/**
 * The merchant ships these lines anyway: the app releases its hold on them
 * (the next reconcile, asked for now) and never holds them again, as when
 * the merchant releases the hold in Shopify. They keep their place in line
 * until they ship, so the stock that arrives is counted for them.
 */
export const releaseLinesNow = byMerchant(releaseNow);
async function releaseNow(context: ChangeContext, shop: string, ids: number[]) {
  const { db } = context;
  const lines = await waitingLines(db, shop, lineIdsInput.parse(ids));
  const released = lines.filter((line) => !line.releasedByMerchant);
  if (released.length === 0) return { changed: 0 };
  await db.backorderLine.updateMany({ where: { shop, id: { in: released.map((line) => line.id) } }, data: { releasedByMerchant: true } });
  for (const line of released) await recordAudit(db, shop, "line.release_now", lineKey(line));
  await replan(context, shop);
  return { changed: released.length };
}
