// Secrets at rest: AES-256-GCM with a key from the environment. A value is
// `enc:v1:<key id>:<iv>.<tag>.<ciphertext>` (base64url), so a value written
// under an older key names it and still opens while that key is configured
// as the previous one (see README, "Tokens at rest").
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export const SEALED = "enc:v1:";

export class TokenKeyError extends Error {
  name = "TokenKeyError";
}

/** The first 8 hex digits of the key's SHA-256: names a key without revealing it. */
export const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export type TokenCipher = {
  /** The ids of the keys it can open values with. */
  keyIds: string[];
  /** Encrypts `plain`, bound to `context` (the session id): a value copied to another row does not open. */
  seal(plain: string, context: string): string;
  /** Decrypts a sealed value; a value stored before encryption was turned on comes back as it is. */
  open(stored: string, context: string): string;
};

/** A cipher over the current key and, during a rotation, the previous one. Null keys: values are stored as they are. */
export function tokenCipher(current: Buffer | undefined, previous?: Buffer): TokenCipher {
  const keys = new Map([current, previous].filter((k): k is Buffer => Boolean(k)).map((k) => [keyId(k), k]));
  return {
    keyIds: [...keys.keys()],
    seal(plain, context) {
      if (!current) return plain;
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${SEALED}${keyId(current)}:${[iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".")}`;
    },
    open(stored, context) {
      if (!stored.startsWith(SEALED)) return stored;
      const [id, body] = stored.slice(SEALED.length).split(":");
      const key = keys.get(id);
      if (!key) {
        throw new TokenKeyError(
          `a stored token was encrypted with key ${id}, which is neither ENCRYPTION_KEY (${current ? keyId(current) : "unset"}) nor ENCRYPTION_KEY_PREVIOUS (${previous ? keyId(previous) : "unset"})`,
        );
      }
      const [iv, tag, data] = (body ?? "").split(".").map((part) => Buffer.from(part, "base64url"));
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv);
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenKeyError(`a stored token under key ${id} does not decrypt: it was altered or moved to another session`);
      }
    },
  };
}
