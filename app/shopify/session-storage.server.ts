// Shopify's session storage with the offline and refresh tokens encrypted at
// rest (docs/decisions/006-token-encryption.md). Everything else about a
// session is stored as the wrapped storage stores it.
import { Session } from "@shopify/shopify-api";
import type { Db } from "~/db/client.server";
import { SEALED, type TokenCipher } from "./token-cipher.server";

/** The part of @shopify/shopify-app-session-storage's interface the app library calls. */
export interface SessionStore {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

export class EncryptedSessionStorage implements SessionStore {
  constructor(
    private readonly inner: SessionStore & { isReady?: () => Promise<boolean> },
    private readonly cipher: TokenCipher,
  ) {}

  storeSession(session: Session) {
    return this.inner.storeSession(this.map(session, (token) => this.cipher.seal(token, session.id)));
  }

  async loadSession(id: string) {
    const session = await this.inner.loadSession(id);
    return session && this.map(session, (token) => this.cipher.open(token, session.id));
  }

  deleteSession(id: string) {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]) {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string) {
    const sessions = await this.inner.findSessionsByShop(shop);
    return sessions.map((session) => this.map(session, (token) => this.cipher.open(token, session.id)));
  }

  async isReady() {
    return (await this.inner.isReady?.()) ?? true;
  }

  /** A copy of the session with its two tokens passed through `change`. */
  private map(session: Session, change: (token: string) => string): Session {
    const copy = new Session(session.toObject());
    if (session.accessToken) copy.accessToken = change(session.accessToken);
    if (session.refreshToken) copy.refreshToken = change(session.refreshToken);
    return copy;
  }
}

/**
 * Refuses to run with keys that cannot open the stored tokens: a token
 * sealed under any other key is opened, which throws a TokenKeyError naming
 * the key it needs.
 */
export async function checkStoredTokens(db: Pick<Db, "session">, cipher: TokenCipher) {
  const known = cipher.keyIds.map((id) => ({ accessToken: { startsWith: `${SEALED}${id}:` } }));
  const stranger = await db.session.findFirst({
    where: { accessToken: { startsWith: SEALED }, NOT: known },
    select: { id: true, accessToken: true },
  });
  if (stranger) cipher.open(stranger.accessToken, stranger.id);
}
