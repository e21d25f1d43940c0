import { z } from "zod";

/**
 * A text column that holds JSON of `schema`'s shape: `decode` parses and
 * checks what was stored, `encode` checks and writes it. A row that does not
 * match fails loudly, naming the field, instead of flowing on as a cast.
 */
export function jsonColumn<T extends z.ZodType>(schema: T) {
  return z.codec(z.string(), schema, {
    decode: (text, ctx) => {
      try {
        return JSON.parse(text);
      } catch (error) {
        ctx.issues.push({ code: "invalid_format", format: "json", input: text, message: (error as Error).message });
        return z.NEVER;
      }
    },
    encode: (value) => JSON.stringify(value),
  });
}

/** Order `LineItem` ids and the like, stored as a JSON array. */
export const idList = jsonColumn(z.array(z.string()));

/** Any JSON value: a job's payload, which its handler then parses for itself. */
export const anyJson = jsonColumn(z.unknown());

/** A JSON object: an audit event's details, a data request's report. */
export const jsonObject = jsonColumn(z.record(z.string(), z.unknown()));
