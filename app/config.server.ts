import { z } from "zod";
import { logLevelSchema } from "~/observability/log.server";

// 32 random bytes, base64 (`openssl rand -base64 32`).
const encryptionKey = z
  .string()
  .transform((v) => Buffer.from(v, "base64"))
  .refine((key) => key.length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

const booleanFlag = z.enum(["true", "false"]).transform((v) => v === "true");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: z.url(),
    SCOPES: z.string().min(1),
    DATABASE_URL: z.string().regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Prometheus metrics and the health endpoints on their own port (web and worker); unset: none.
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // The least severe log lines written: fatal, error, warn, info, debug, trace or silent.
    LOG_LEVEL: logLevelSchema,
    // Points the app at a local Shopify simulator instead of Shopify.
    SHOPIFY_SIMULATOR_URL: z.url().optional(),
    // `false` makes a web-only instance: it records webhooks, another runs jobs.
    RUN_JOBS: booleanFlag.default(true),
    // How often a worker looks for due jobs nobody announced (retries, replays, other processes' jobs).
    JOBS_SWEEP_SECONDS: z.coerce.number().positive().default(30),
    // How long a worker's claim on a job lasts unless renewed (it is renewed while the job runs):
    // how soon another worker takes over the work of one that died.
    JOBS_LEASE_SECONDS: z.coerce.number().positive().default(60),
    // The wait before a failed job's first retry; each later wait doubles, up to 5 minutes (app/jobs/retry.ts).
    JOBS_RETRY_SECONDS: z.coerce.number().positive().default(2),
    // On PostgreSQL, how many shops one process drains at once; a shop's own jobs always run one at a time.
    JOBS_CONCURRENCY: z.coerce.number().int().positive().default(4),
    // How long stopping (SIGTERM) waits for the running job before giving it back to another worker.
    JOBS_SHUTDOWN_GRACE_SECONDS: z.coerce.number().nonnegative().default(10),
    // How often every installed shop is rebuilt from the store, repairing what a missed webhook left.
    FULL_RECONCILE_HOURS: z.coerce.number().positive().default(6),
    // Days a processed webhook body and a finished job are kept (README, "Data retention").
    RETENTION_DAYS: z.coerce.number().int().positive().default(30),
    // Encrypts offline and refresh tokens at rest; the previous key still decrypts during a rotation.
    ENCRYPTION_KEY: encryptionKey.optional(),
    ENCRYPTION_KEY_PREVIOUS: encryptionKey.optional(),
    // The app-wide SMTP server for customer emails, for shops that enter none of their own.
    // All optional: without SMTP_HOST such shops send no email.
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    // true: TLS from the first byte (usually port 465); false: STARTTLS when the server offers it (587).
    SMTP_SECURE: booleanFlag.default(false),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    SMTP_FROM: z.email().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.ENCRYPTION_KEY) {
      ctx.addIssue({ code: "custom", path: ["ENCRYPTION_KEY"], message: "is required when NODE_ENV=production (see .env.example)" });
    }
    if (env.NODE_ENV === "production" && env.SHOPIFY_SIMULATOR_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_SIMULATOR_URL"],
        message: "must not be set when NODE_ENV=production",
      });
    }
    if (env.SMTP_HOST && !env.SMTP_FROM) {
      ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "is required when SMTP_HOST is set" });
    }
    if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASSWORD)) {
      const missing = env.SMTP_USER ? "SMTP_PASSWORD" : "SMTP_USER";
      ctx.addIssue({ code: "custom", path: [missing], message: "SMTP_USER and SMTP_PASSWORD go together" });
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  name = "ConfigError";
}

/** Parses the environment once; a missing or invalid value names the variable. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return `  ${name}: ${source[name] === undefined ? "is required (see .env.example)" : issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
}

export const config = parseConfig(process.env);
