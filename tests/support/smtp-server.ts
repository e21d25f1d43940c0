// A real SMTP server for the tests (smtp-server), on a random port of the
// loopback interface: it asks for a login and keeps every message it is
// sent, raw, for mailparser to read as a mail client would.
import { createServer } from "node:net";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export const USER = "mailer@maison-verte.example";
export const PASSWORD = "s3cret-smtp-password";

export type Received = { raw: Buffer; envelope: { from: string; to: string[] }; user: string | undefined };

/**
 * An SMTP server on a random port that requires a login (USER / PASSWORD)
 * and keeps what it is sent; `refuseWith` makes it answer every recipient
 * with that reply code instead, noting when and to whom in `refused`.
 */
export async function startSmtpServer({ refuseWith }: { refuseWith?: number } = {}) {
  const received: Received[] = [];
  const refused: Array<{ at: number; to: string }> = [];
  const server = new SMTPServer({
    authMethods: ["PLAIN", "LOGIN"],
    // Plain connections on the loopback interface: no certificate to trust in a test.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: auth.username });
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refuseWith) {
        refused.push({ at: Date.now(), to: address.address });
        return callback(
          Object.assign(new Error(refuseWith >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: refuseWith }),
        );
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          raw: Buffer.concat(chunks),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return { port, received, refused, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The app's environment for sending through `smtp` as its default server (the SMTP_* variables). */
export function appSmtpEnv(smtp: { port: number }): Record<string, string> {
  return {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: "false",
    SMTP_USER: USER,
    SMTP_PASSWORD: PASSWORD,
    SMTP_FROM: "orders@maison-verte.example",
  };
}

/** A port nothing listens on: taken from the system, then let go. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
