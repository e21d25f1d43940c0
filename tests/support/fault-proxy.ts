// An HTTP proxy between the app and the simulator, for faults the simulator
// does not make itself: an Admin API answer lost on its way back (the
// mutation ran, the app never heard), or the simulator's clock moved on
// between two requests of one job. Every request is passed on as it came.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxiedRequest = { path: string; operationName: string | null };

/** After the simulator answered: "drop" cuts the connection instead of passing the answer on. */
export type AfterAnswer = (request: ProxiedRequest, status: number) => "drop" | void;

export type FaultProxy = {
  url: string;
  /** Where requests go; set once the simulator listens. */
  target: string | undefined;
  /** Called for each request after the simulator answered it. */
  afterAnswer: AfterAnswer | undefined;
  /** What passed through, in order. */
  requests: Array<ProxiedRequest & { status: number; dropped: boolean }>;
  close: () => Promise<void>;
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function operationNameOf(path: string, body: Buffer): string | null {
  if (!path.endsWith("/graphql.json")) return null;
  try {
    const { query } = JSON.parse(body.toString("utf8")) as { query?: string };
    return /\b(?:query|mutation)\s+(\w+)/.exec(query ?? "")?.[1] ?? null;
  } catch {
    return null;
  }
}

export async function startFaultProxy(): Promise<FaultProxy> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? "/";
      const request = { path, operationName: operationNameOf(path, body) };
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name)),
      ) as Record<string, string>;
      const answer = await fetch(`${proxy.target}${path}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body),
      });
      const answerBody = Buffer.from(await answer.arrayBuffer());
      const dropped = proxy.afterAnswer?.(request, answer.status) === "drop";
      proxy.requests.push({ ...request, status: answer.status, dropped });
      if (dropped) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "application/json" });
      res.end(answerBody);
    })().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target: undefined,
    afterAnswer: undefined,
    requests: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return proxy;
}
