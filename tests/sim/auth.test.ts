/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT,
  signSessionToken,
  verifySessionToken,
} from "../../sim/auth";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

import { readAppConfig } from "../../sim/webhooks";

let now = Date.UTC(2030, 0, 1);
let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ clock: () => now });
});
afterAll(() => kit.sim.close());

async function exchange(body: Record<string, unknown>, shop = TEST_SHOP) {
  const res = await fetch(`${kit.sim.url}/shops/${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ client_id: TEST_API_KEY, client_secret: TEST_SECRET, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const sessionToken = (options: Partial<Parameters<typeof signSessionToken>[0]> = {}) =>
  signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, now, ...options });

describe("session tokens", () => {
  it("carry Shopify's claims and verify with the app secret", () => {
    const claims = verifySessionToken(sessionToken({ userId: 42 }), { apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, now });
    expect(claims).toMatchObject({ iss: `https://${TEST_SHOP}/admin`, dest: `https://${TEST_SHOP}`, aud: TEST_API_KEY, sub: "42" });
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.jti).toMatch(/[0-9a-f-]{36}/);
    expect(() => verifySessionToken(sessionToken({ apiSecret: "other" }), { apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, now })).toThrow(
      /signature/,
    );
  });
});

describe("token exchange", () => {
  it("returns an expiring offline token that then authorizes GraphQL, and refreshes it", async () => {
    const { status, body } = await exchange({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken(),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
      expiring: "1",
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "refresh_token_expires_in", "scope"]);
    expect(body.scope).toBe(readAppConfig().scopes);
    expect(body.expires_in).toBe(3600);

    const shop = await kit.sim.graphql(TEST_SHOP, body.access_token, "{ shop { myshopifyDomain } }");
    expect(shop.status).toBe(200);
    expect(shop.body.data.shop.myshopifyDomain).toBe(TEST_SHOP);

    now += 3600_000;
    expect((await kit.sim.graphql(TEST_SHOP, body.access_token, "{ shop { name } }")).status).toBe(401);

    const refreshed = await exchange({ grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await kit.sim.graphql(TEST_SHOP, refreshed.body.access_token, "{ shop { name } }")).status).toBe(200);
    // Refresh tokens rotate.
    const again = await exchange({ grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("moves its clock on through the control API: an expiring token stops working, and its refresh token still works", async () => {
    // A simulator of its own: the others' session tokens are signed at `now`.
    const own = await startKit({ clock: () => Date.UTC(2030, 0, 1) });
    onTestFinished(() => own.sim.close());
    const issued = (await (
      await fetch(`${own.sim.url}/_sim/shops/${TEST_SHOP}/tokens`, { method: "POST", body: '{"expiring":true}' })
    ).json()) as any;
    expect((await own.sim.graphql(TEST_SHOP, issued.access_token, "{ shop { name } }")).status).toBe(200);

    const before = Date.parse(((await (await fetch(`${own.sim.url}/_sim/clock`)).json()) as any).now);
    const advanced = await fetch(`${own.sim.url}/_sim/clock/advance`, { method: "POST", body: JSON.stringify({ seconds: 3600 }) });
    expect(Date.parse(((await advanced.json()) as any).now) - before).toBe(3600_000);

    expect((await own.sim.graphql(TEST_SHOP, issued.access_token, "{ shop { name } }")).status).toBe(401);
    const refreshed = (await (
      await fetch(`${own.sim.url}/shops/${TEST_SHOP}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          client_id: TEST_API_KEY,
          client_secret: TEST_SECRET,
          grant_type: "refresh_token",
          refresh_token: issued.refresh_token,
        }),
      })
    ).json()) as any;
    expect((await own.sim.graphql(TEST_SHOP, refreshed.access_token, "{ shop { name } }")).status).toBe(200);
    expect((await fetch(`${own.sim.url}/_sim/clock/advance`, { method: "POST", body: '{"seconds":-1}' })).status).toBe(422);
  });

  it("refuses a public app's non-expiring offline tokens from 2027-01-01, as Shopify does; expiring ones still work", async () => {
    let at = Date.UTC(2026, 11, 31, 23, 30);
    const publicApp = await startKit({ clock: () => at, publicApp: true });
    const custom = await startKit({ clock: () => at });
    onTestFinished(async () => {
      await publicApp.sim.close();
      await custom.sim.close();
    });
    const query = "{ shop { name } }";
    const expiring = publicApp.sim.tokens.issue(TEST_SHOP, { expiring: true }).access_token as string;
    expect((await publicApp.sim.graphql(TEST_SHOP, publicApp.token, query)).status).toBe(200);

    at = Date.UTC(2027, 0, 1, 0, 10);
    expect((await publicApp.sim.graphql(TEST_SHOP, publicApp.token, query)).status).toBe(401);
    expect((await publicApp.sim.graphql(TEST_SHOP, expiring, query)).status).toBe(200);
    expect((await custom.sim.graphql(TEST_SHOP, custom.token, query)).status).toBe(200);
  });

  it("returns a non-expiring offline token without expiring=1, and an online token with its user", async () => {
    const offline = await exchange({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken(),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
      expiring: "0",
    });
    expect(Object.keys(offline.body).sort()).toEqual(["access_token", "scope"]);
    const online = await exchange({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken({ userId: 7 }),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: ONLINE_TOKEN_TYPE,
    });
    expect(online.body.associated_user).toMatchObject({ id: 7 });
    expect(online.body.access_token).toMatch(/^shpua_/);
    expect((await kit.sim.graphql(TEST_SHOP, online.body.access_token, "{ shop { name } }")).status).toBe(200);
  });

  it("refuses a forged session token, wrong client credentials, and a token used for another shop", async () => {
    const forged = await exchange({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken({ apiSecret: "nope" }),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    });
    expect(forged).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
    const creds = await exchange({
      client_secret: "wrong",
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken(),
      subject_token_type: ID_TOKEN_TYPE,
    });
    expect(creds).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const ok = await exchange({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken(),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    });
    expect((await kit.sim.graphql("another-shop.myshopify.com", ok.body.access_token, "{ shop { name } }")).status).toBe(401);
  });
});
