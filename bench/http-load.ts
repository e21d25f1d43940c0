// An open-loop HTTP/1.1 load generator with little overhead of its own, so
// that the latencies it reports are the server's: every request is encoded to
// bytes before the clock starts, sent on a kept-alive connection that is idle
// (a new one when none is), and timed from its write to the end of its
// response. A webhook sender reuses connections the same way. (`fetch`, sending
// from the same process, added about 13 ms to the p99 of a server that
// answered at once; node:http about 1 ms.)
import { connect, type Socket } from "node:net";

export type LoadResult = { latencies: number[]; statuses: Map<string, number>; elapsedMs: number; connectionsOpened: number };

type Connection = { socket: Socket; buffer: Buffer; done: ((status: string) => void) | null };

/** Encodes a POST with its headers and body as the bytes a client writes. */
export function encodePost(url: URL, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body);
  const lines = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    `Content-Length: ${payload.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), payload]);
}

/** The length of the first complete response in `buffer` and its status, or null while it is incomplete. */
function completeResponse(buffer: Buffer): { length: number; status: string } | null {
  const headerEnd = buffer.indexOf("\r\n\r\n");
  if (headerEnd < 0) return null;
  const head = buffer.subarray(0, headerEnd).toString("latin1");
  const status = head.slice(9, 12);
  const contentLength = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (contentLength) {
    const length = headerEnd + 4 + Number(contentLength[1]);
    return buffer.length >= length ? { length, status } : null;
  }
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    // The last chunk is "0\r\n\r\n" (no trailers here).
    const end = buffer.indexOf("0\r\n\r\n", headerEnd + 4);
    return end < 0 ? null : { length: end + 5, status };
  }
  return { length: headerEnd + 4, status };
}

/** Connections stay open from one run to the next, so a warm-up leaves them ready. */
export class OpenLoopClient {
  private readonly idle: Connection[] = [];
  private readonly all: Connection[] = [];

  constructor(private readonly url: URL) {}

  /** Sends the requests at the given rate, whatever has come back, and waits for every answer. */
  async run(requests: Buffer[], ratePerSecond: number): Promise<LoadResult> {
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    const opened = this.all.length;
    const send = (request: Buffer) =>
      new Promise<void>((resolve) => {
        // The longest idle first: every connection stays in use, so none reaches the server's keep-alive timeout.
        const connection = this.idle.shift() ?? this.open();
        const sentAt = performance.now();
        connection.done = (status) => {
          if (/^\d{3}$/.test(status)) latencies.push(performance.now() - sentAt);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          resolve();
        };
        connection.socket.write(request);
      });

    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < requests.length; i++) {
      // Request i is due at i / rate seconds.
      const wait = started + (i * 1000) / ratePerSecond - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(requests[i]));
    }
    await Promise.all(inFlight);
    return { latencies, statuses, elapsedMs: performance.now() - started, connectionsOpened: this.all.length - opened };
  }

  close() {
    for (const connection of this.all) connection.socket.destroy();
  }

  private open(): Connection {
    const connection: Connection = { socket: connect(Number(this.url.port), this.url.hostname), buffer: Buffer.alloc(0), done: null };
    connection.socket.setNoDelay(true);
    connection.socket.on("data", (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      const response = completeResponse(connection.buffer);
      if (!response || !connection.done) return;
      connection.buffer = connection.buffer.subarray(response.length);
      this.settle(connection, response.status);
      this.idle.push(connection);
    });
    const lost = (error?: Error) => {
      this.settle(connection, error ? ((error as NodeJS.ErrnoException).code ?? error.name) : "closed");
      const index = this.idle.indexOf(connection);
      if (index >= 0) this.idle.splice(index, 1);
    };
    connection.socket.on("error", lost);
    connection.socket.on("close", () => lost());
    this.all.push(connection);
    return connection;
  }

  private settle(connection: Connection, status: string) {
    const done = connection.done;
    connection.done = null;
    done?.(status);
  }
}
