// The links in customer emails: signed for one shop and order, refused when
// altered or expired.
import { describe, expect, it } from "vitest";
import { messageLinks, signLink, verifyLink } from "~/notifications/links";

const key = Buffer.alloc(32, 3);
const claims = {
  shop: "maison-verte.myshopify.com",
  orderId: "42",
  email: "camille@example.com",
  expiresAt: new Date("2030-01-01T00:00:00Z"),
};
const now = new Date("2029-06-01T00:00:00Z");

describe("signed links", () => {
  it("gives back the claims of a token it signed", () => {
    expect(verifyLink(key, signLink(key, claims), now)).toEqual({ ok: true, claims });
  });

  it("refuses a token whose claims or signature were altered, or signed with another key", () => {
    const token = signLink(key, claims);
    const [body, signature] = token.split(".");
    const otherOrder = Buffer.from(JSON.stringify({ s: claims.shop, o: "43", e: "", x: 1_900_000_000 })).toString("base64url");
    expect(verifyLink(key, `${otherOrder}.${signature}`, now)).toEqual({ ok: false, reason: "tampered" });
    expect(verifyLink(key, `${body}.${signature.slice(0, -2)}AA`, now)).toEqual({ ok: false, reason: "tampered" });
    expect(verifyLink(Buffer.alloc(32, 4), token, now)).toEqual({ ok: false, reason: "tampered" });
    expect(verifyLink(key, "not-a-token", now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a token after it expires", () => {
    expect(verifyLink(key, signLink(key, claims), new Date("2030-01-01T00:00:01Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it("points at the shop's online store through the app proxy; only the unsubscribe link names the email", () => {
    const links = messageLinks(key, "https://maison-verte.com/", claims);
    expect(links.status).toMatch(/^https:\/\/maison-verte\.com\/apps\/backorders\/orders\/42\?token=/);
    expect(links.accept).toBe(`${links.status}&do=accept`);
    const statusToken = new URL(links.status).searchParams.get("token")!;
    expect(verifyLink(key, statusToken, now)).toMatchObject({ ok: true, claims: { email: "" } });
    const unsubscribeToken = new URL(links.unsubscribe).searchParams.get("token")!;
    expect(verifyLink(key, unsubscribeToken, now)).toMatchObject({ ok: true, claims: { email: "camille@example.com" } });
  });
});
