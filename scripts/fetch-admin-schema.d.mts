export const ADMIN_API_VERSION: string;
export function ensureShopifyArtifacts(options?: { cacheDir?: string }): {
  adminSchemaPath: string;
  webhookSchemasDir: string;
  webhookSchemasVersion: string;
};
