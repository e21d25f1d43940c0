// The one set of test credentials and the one test shop, for every tier:
// the app under test, the simulator and the signed webhooks all use these.
export const TEST_API_KEY = "test-api-key";
export const TEST_SECRET = "test-app-secret";
export const TEST_SHOP = "backorder-test.myshopify.com";
/** ENCRYPTION_KEY of every test instance of the app: 32 bytes, base64. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
