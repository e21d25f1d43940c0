// The shop's delay rule and digest choices, and the logo its emails carry
// (NotificationSettings), as the Notifications page edits them.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import type { Db } from "~/db/client.server";

/** What becomes of a line whose customer did not consent to a second delay in time (delay-rules.server.ts). */
export const UNANSWERED_DELAY_CHOICES = ["cancel", "list"] as const;
export type UnansweredDelay = (typeof UNANSWERED_DELAY_CHOICES)[number];

export const rulesInput = z.object({
  unansweredDelay: z.enum(UNANSWERED_DELAY_CHOICES, { error: "must be cancel or list" }),
  digestOn: z.boolean(),
  digestHoldDays: z
    .number({ error: "must be a number" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(365, "must be at most 365"),
  // Emails are read outside the shop: the logo must be an absolute HTTPS address.
  logoUrl: z
    .string()
    .trim()
    .max(2_000, "must be at most 2,000 characters")
    .refine((value) => value === "" || /^https:\/\/[^\s]+$/.test(value), "must be an https:// address, or empty")
    .transform((value) => value || null),
});

export type NotificationRules = z.output<typeof rulesInput>;

export async function loadRules(db: Db, shop: string): Promise<NotificationRules> {
  const row = await db.notificationSettings.findUnique({
    where: { shop },
    select: { unansweredDelay: true, digestOn: true, digestHoldDays: true, logoUrl: true },
  });
  return {
    unansweredDelay: row?.unansweredDelay === "cancel" ? "cancel" : "list",
    digestOn: row?.digestOn ?? false,
    digestHoldDays: row?.digestHoldDays ?? 14,
    logoUrl: row?.logoUrl ?? null,
  };
}

export const saveRules = byMerchant(async (db: Db, shop: string, input: z.input<typeof rulesInput>) => {
  const rules = rulesInput.parse(input);
  await db.notificationSettings.upsert({ where: { shop }, create: { shop, ...rules }, update: rules });
  await recordAudit(db, shop, "email.rules_changed", undefined, rules);
  return rules;
});
