// Offline and refresh tokens are encrypted at rest, open under the current or
// the previous key, and a key that cannot open them stops the app at start.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import { EncryptedSessionStorage } from "~/shopify/session-storage.server";
import { keyId, tokenCipher } from "~/shopify/token-cipher.server";
import { runStart } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";

const database = useFreshDatabase();
const oldKey = Buffer.alloc(32, 1);
const newKey = Buffer.alloc(32, 2);

const offlineSession = (id: string) =>
  new Session({
    id,
    shop: TEST_SHOP,
    state: "",
    isOnline: false,
    scope: "read_orders",
    accessToken: "shpat_the-offline-token",
    refreshToken: "shprt_the-refresh-token",
  });

const storage = (current: Buffer, previous?: Buffer) =>
  new EncryptedSessionStorage(new PrismaSessionStorage(database.db), tokenCipher(current, previous));

describe("tokens at rest", () => {
  it("stores the offline and refresh tokens encrypted, and gives them back", async () => {
    const sessions = storage(oldKey);
    await sessions.storeSession(offlineSession("offline_a"));

    const row = await database.db.session.findUniqueOrThrow({ where: { id: "offline_a" } });
    expect(row.accessToken).not.toContain("the-offline-token");
    expect(row.refreshToken).not.toContain("the-refresh-token");
    expect(row.accessToken.startsWith(`enc:v1:${keyId(oldKey)}:`)).toBe(true);
    expect((await sessions.loadSession("offline_a"))?.accessToken).toBe("shpat_the-offline-token");
    expect((await sessions.findSessionsByShop(TEST_SHOP)).map((s) => s.refreshToken)).toEqual(["shprt_the-refresh-token"]);
  });

  it("opens tokens of the previous key during a rotation, and seals new ones with the current key", async () => {
    await storage(oldKey).storeSession(offlineSession("offline_b"));
    const rotated = storage(newKey, oldKey);
    const session = await rotated.loadSession("offline_b");
    expect(session?.accessToken).toBe("shpat_the-offline-token");
    await rotated.storeSession(session!);
    const row = await database.db.session.findUniqueOrThrow({ where: { id: "offline_b" } });
    expect(row.accessToken.startsWith(`enc:v1:${keyId(newKey)}:`)).toBe(true);
    await expect(storage(newKey).loadSession("offline_b")).resolves.toMatchObject({ accessToken: "shpat_the-offline-token" });
  });

  it("refuses a token moved to another session's row", async () => {
    await storage(oldKey).storeSession(offlineSession("offline_c"));
    const sealed = await database.db.session.findUniqueOrThrow({ where: { id: "offline_c" } });
    await database.db.session.create({ data: { ...sealed, id: "offline_d", shop: "other.myshopify.com" } });
    await expect(storage(oldKey).loadSession("offline_d")).rejects.toThrow(/does not decrypt/);
  });

  it("refuses to start with a key that cannot open the stored tokens, naming the key they need", async () => {
    await storage(oldKey).storeSession(offlineSession("offline_e"));
    const { code, output } = await runStart({
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "https://backorders.example.com",
      SCOPES: "read_orders",
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    });
    expect(code).not.toBe(0);
    expect(output).toContain(`encrypted with key ${keyId(oldKey)}`);
    expect(output).toContain("ENCRYPTION_KEY_PREVIOUS");
    expect(output).not.toContain("shpat_the-offline-token");
  });
});
