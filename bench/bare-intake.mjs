// The bare wire the webhook capacity benchmark compares the app with: a
// node:http server that only reads a delivery's body and verifies its HMAC,
// as the app must before anything else. Prints its port, then serves until killed.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.SHOPIFY_API_SECRET;

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const expected = createHmac("sha256", secret).update(Buffer.concat(chunks)).digest();
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    res.statusCode = given.length === expected.length && timingSafeEqual(given, expected) ? 200 : 401;
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`bare intake listening on port ${server.address().port}`));
