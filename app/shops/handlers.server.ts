import { z } from "zod";
import { recordAudit } from "~/audit/trail.server";
import { requestReconcile } from "~/engine/requests.server";
import { parsePayload, type TopicHandler } from "~/inbox/payload";
import { installedSince, isInstalled, markUninstalled } from "./installation.server";

const scopesUpdate = z.object({ current: z.array(z.string()) });
/** The shop, as the REST Shop resource has it: what identifies it. */
const uninstalled = z.object({ id: z.union([z.number(), z.string()]), myshopify_domain: z.string() });

/** The app's own lifecycle on a shop. */
export const shopTopicHandlers: Record<string, TopicHandler> = {
  "app/uninstalled": async (payload, { db, shop, receivedAt, triggeredAt }) => {
    parsePayload(uninstalled, payload, "app/uninstalled");
    // Retried late, the uninstall of an earlier installation must not undo the current one.
    if (triggeredAt && (await installedSince(db, shop, triggeredAt))) {
      return { ignored: "triggered before the app's latest installation on this shop" };
    }
    await db.session.deleteMany({ where: { shop } });
    await markUninstalled(db, shop, receivedAt);
    await recordAudit(db, shop, "app.uninstalled");
  },

  // What the old scopes kept the app from reading or changing, a full
  // reconcile now brings up to date.
  "app/scopes_update": async (payload, { db, shop }) => {
    const { current } = parsePayload(scopesUpdate, payload, "app/scopes_update");
    const scope = current.join(",");
    await db.session.updateMany({ where: { shop }, data: { scope } });
    await recordAudit(db, shop, "app.scopes_updated", undefined, { scope });
    if (await isInstalled(db, shop)) await requestReconcile(db, shop, true);
  },
};
