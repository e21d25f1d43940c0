// Which customer emails a shop sends: one switch per kind of message, all on
// until the merchant turns one off (a shop installs the app so that its
// customers are told). Stored as one JSON column per shop
// (NotificationSettings.messagesOn) that names only the kinds set.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { jsonColumn } from "~/db/codecs";
import type { Db } from "~/db/client.server";
import { messageKind } from "./shop-templates.server";
import { MESSAGE_KINDS, type MessageKind } from "./templates";

// A kind this version does not know (stored by a newer one, or since removed) is kept out, not an error.
const messagesOnColumn = jsonColumn(z.record(z.string(), z.boolean()));

export type MessagesOn = Record<MessageKind, boolean>;

/** Every kind of message, and whether the shop sends it. */
export async function loadMessagesOn(db: Db, shop: string): Promise<MessagesOn> {
  const row = await db.notificationSettings.findUnique({ where: { shop }, select: { messagesOn: true } });
  const stored = row ? messagesOnColumn.decode(row.messagesOn) : {};
  return Object.fromEntries(MESSAGE_KINDS.map((kind) => [kind, stored[kind] ?? true])) as MessagesOn;
}

export const messageOnInput = z.object({ kind: messageKind, on: z.boolean() });

/** Turns one kind of message on or off for the shop. */
export const setMessageOn = byMerchant(async (db: Db, shop: string, input: z.input<typeof messageOnInput>) => {
  const { kind, on } = messageOnInput.parse(input);
  const messagesOn = { ...(await loadMessagesOn(db, shop)), [kind]: on };
  const encoded = messagesOnColumn.encode(messagesOn);
  await db.notificationSettings.upsert({ where: { shop }, create: { shop, messagesOn: encoded }, update: { messagesOn: encoded } });
  await recordAudit(db, shop, "email.message_switched", undefined, { kind, on });
  return messagesOn;
});
