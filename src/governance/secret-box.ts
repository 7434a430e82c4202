import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for secrets kept in the database (provider credentials). The sealed text is
 * `v1:<base64 of iv | tag | ciphertext>`; `context` (the credential's name) is bound as associated
 * data, so a ciphertext copied onto another row does not open there.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /**
   * From SKYROUTE_ENCRYPTION_KEY: 32 bytes as 64 hex characters or as base64. Undefined when unset;
   * throws, saying how to make one, when it is set but not a 32-byte key.
   */
  static fromKeyText(text: string | undefined): SecretBox | undefined {
    if (text === undefined || text.trim() === '') return undefined;
    const value = text.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(value) ? Buffer.from(value, 'base64') : undefined;
    if (key === undefined || key.length !== 32) {
      throw new Error('SKYROUTE_ENCRYPTION_KEY must be 32 random bytes, as 64 hex characters or base64 (make one with: openssl rand -base64 32)');
    }
    return new SecretBox(key);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /** Throws when the text was not sealed with this key and context (or was altered). */
  open(sealed: string, context: string): string {
    const [version, body] = sealed.split(':', 2);
    if (version !== VERSION || body === undefined) throw new Error(`not a sealed secret (expected "${VERSION}:…")`);
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('sealed secret does not open: SKYROUTE_ENCRYPTION_KEY differs from the key it was sealed with, or the text was altered');
    }
  }
}
