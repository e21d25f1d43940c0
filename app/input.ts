// Pieces of the zod schemas that parse what merchants type and what URLs
// carry, and the shape their errors take on a page. Pure: shared by the use
// cases that validate and the routes that show the errors.
import { z } from "zod";

/** Optional free text: trimmed, at most `max` characters; blank is absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => value || undefined)
    .optional();

/**
 * The first error of each field, for showing beside it. An error with no
 * field goes under `fallback`; `named` puts the field's name before the
 * message, for errors shown together rather than at their field.
 */
export function fieldErrors(error: z.ZodError, { fallback = "form", named = false } = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? fallback);
    errors[field] ??= named ? `${field}: ${issue.message}` : issue.message;
  }
  return errors;
}
