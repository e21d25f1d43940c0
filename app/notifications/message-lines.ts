// The lines a customer message tells of, as stored with it (CustomerMessage.lines).
import { z } from "zod";
import { jsonColumn } from "~/db/codecs";

const messageLine = z.object({
  lineItemId: z.string(),
  locationId: z.string(),
  title: z.string(),
  quantity: z.number().int(),
  /** YYYY-MM-DD; null: no date yet, or the line no longer waits. */
  date: z.string().nullable(),
  placeInLine: z.number().int().nullable(),
});

export type MessageLine = z.infer<typeof messageLine>;

export const messageLinesColumn = jsonColumn(z.array(messageLine));
