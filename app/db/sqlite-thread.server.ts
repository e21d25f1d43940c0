// SQLite statements run synchronously on the thread that calls them: libsql
// blocks the event loop for the whole write. The webhook intake writes on
// another thread instead, so the main one goes on reading and verifying the
// next deliveries while a batch is written (bench/webhook-capacity.ts).
import { Worker } from "node:worker_threads";

/** What the intake's writer runs: one statement, its rows back. */
export type SqliteStatement = { sql: string; args: Array<string | number | null | Uint8Array> };
export type SqliteRun = (statement: SqliteStatement) => Promise<{ rows: Array<Record<string, unknown>> }>;

// CommonJS, evaluated as the worker's source: it needs no file of its own in
// the build. It waits for a lock another connection holds, as the app's own
// connections do (app/db/client.server.ts), and keeps its statements prepared.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("libsql");
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
const prepared = new Map();
const statement = (sql) => {
  let found = prepared.get(sql);
  if (!found) {
    if (prepared.size > 64) prepared.clear();
    found = db.prepare(sql);
    prepared.set(sql, found);
  }
  return found;
};
const bound = (arg) => (arg instanceof Uint8Array ? Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength) : arg);
parentPort.on("message", ({ id, sql, args }) => {
  try {
    parentPort.postMessage({ id, rows: statement(sql).all(...args.map(bound)) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

type Pending = { resolve: (rows: Array<Record<string, unknown>>) => void; reject: (error: Error) => void };

/** A thread with its own connection to the SQLite file at `url` (`file:…`); it does not keep the process alive. */
export function sqliteThread(url: string): SqliteRun {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: url.replace(/^file:/, "") } });
  worker.unref();
  const pending = new Map<number, Pending>();
  let next = 0;
  worker.on(
    "message",
    ({ id, rows, error }: { id: number; rows?: Array<Record<string, unknown>>; error?: { message: string; code?: string } }) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (error) waiting?.reject(Object.assign(new Error(error.message), { code: error.code }));
      else waiting?.resolve(rows ?? []);
    },
  );
  // A thread that died fails what it was writing, and what comes after; the
  // intake answers 503 and Shopify sends it again.
  let died: Error | null = null;
  worker.on("error", (error) => (died = error));
  worker.on("exit", (code) => {
    died ??= new Error(`the SQLite thread exited with ${code}`);
    for (const waiting of pending.values()) waiting.reject(died);
    pending.clear();
  });
  return (statement) =>
    new Promise((resolve, reject) => {
      if (died) return reject(died);
      const id = next++;
      pending.set(id, { resolve: (rows) => resolve({ rows }), reject });
      worker.postMessage({ id, ...statement });
    });
}
