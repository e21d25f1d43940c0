// The built app, loaded as the production scripts need it: loading it parses
// the configuration, so a missing or invalid variable ends the process with
// its name; then pending migrations are applied.
import { migrate } from "./migrate.mjs";

export async function loadServerBuild() {
  let build;
  try {
    build = await import("../build/server/index.js");
  } catch (error) {
    if (error?.name === "ConfigError") {
      console.error(error.message);
      process.exit(1);
    }
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/server")) {
      console.error("No build found: run `npm run build` first.");
      process.exit(1);
    }
    throw error;
  }
  const applied = await migrate(process.env.DATABASE_URL);
  if (applied.length) build.entry.module.log.info({ migrations: applied }, `${applied.length} migrations applied`);
  return build;
}

/** On SIGTERM or SIGINT: `stop`, then exit. */
export function stopOnSignal(log, stop) {
  const handle = async (signal) => {
    log.info(`${signal}: stopping; the running job has the shutdown grace period to finish, then goes back to the queue`);
    await stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void handle("SIGTERM"));
  process.once("SIGINT", () => void handle("SIGINT"));
}
