// A Shopify that accepts every request and never answers it, so a job that
// calls it runs as long as a test wants: until its process dies or is
// stopped (or the app's 30 s request timeout).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "~/db/client.server";
import { FULL_RECONCILE_JOB } from "~/engine/requests.server";
import { enqueue } from "~/jobs/queue.server";
import { eventually } from "./app-server";

export type SilentShopify = {
  /** The app's environment with this as its Shopify (development mode lets SHOPIFY_SIMULATOR_URL point it here), and `env`. */
  appEnv: (env: Record<string, string>) => Record<string, string>;
  /** How many requests it was sent. */
  requests: () => number;
  close: () => Promise<void>;
};

export async function startSilentShopify(): Promise<SilentShopify> {
  const held: ServerResponse[] = [];
  const server = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    appEnv: (env) => ({ NODE_ENV: "development", SHOPIFY_SIMULATOR_URL: url, ...env }),
    requests: () => held.length,
    close: async () => {
      for (const res of held) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A full reconcile of a fresh shop: a job that waits on Shopify for as long as Shopify is silent. */
export async function jobWaitingOnShopify(db: Db, shop: string, maxAttempts = 8) {
  await db.shop.create({ data: { shop } });
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
  return (await enqueue(db, { shop, name: FULL_RECONCILE_JOB, payload: {}, maxAttempts })).id;
}

/** Resolves once the job's `attempt`th attempt is running. */
export const runningAttempt = (db: Db, id: number, attempt: number, timeoutMs: number) =>
  eventually(async () => {
    const row = await db.job.findUniqueOrThrow({ where: { id } });
    return row.status === "RUNNING" && row.attempts === attempt;
  }, timeoutMs);
