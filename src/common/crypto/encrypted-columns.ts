import { Logger } from '@nestjs/common';
import { ValueTransformer } from 'typeorm';
import { decodeUrlsafeBase64, FernetKeyring } from './fernet';

/**
 * Encryption at rest as TypeORM column transformers: entities hold plaintext, the database holds Fernet
 * tokens, and domain code never calls the cipher.
 *
 * The one hook: TypeORM builds these transformers outside dependency injection, so they reach the keys
 * through `installKeyring`, which CryptoModule calls once when the application (or a command-line tool's
 * application context) starts. Nothing else sets it.
 *
 * A stored value that cannot be decrypted (tampered, or under a key no longer configured) does not fail the
 * query and never appears in an entity: `EncryptedColumnsSubscriber` (after every load) and `settleLoaded`
 * (rows hydrated by hand) put the column's empty value in its place (null, or "" for a required text) and
 * remember the property, which `undecryptable(entity)` tells. The failure is logged without the ciphertext.
 */
let keyring: FernetKeyring | undefined;
const logger = new Logger('EncryptedColumn');

export function installKeyring(ring: FernetKeyring): void {
  keyring = ring;
}

export function currentKeyring(): FernetKeyring {
  if (!keyring) {
    throw new Error('Encryption keyring not installed (CryptoModule not loaded)');
  }
  return keyring;
}

/** Markers handed out and not yet settled: while 0 (always, unless a value failed), settling does nothing. */
let unsettled = 0;

/**
 * What a transformer's `from` gives for a value it cannot open, until the entity is settled (never left in a
 * loaded entity); exported for unit tests that build such an entity.
 */
export class Undecryptable {
  constructor(readonly column: string) {
    unsettled += 1;
  }
}

const failures = new WeakMap<object, Set<string>>();
const NONE: ReadonlySet<string> = new Set();

/** The properties of a loaded entity whose stored value could not be decrypted (they hold null or ""). */
export function undecryptable(entity: object): ReadonlySet<string> {
  return failures.get(entity) ?? NONE;
}

/** Whether this property of a loaded entity could not be decrypted. */
export function isUndecryptable(entity: object, property: string): boolean {
  return failures.get(entity)?.has(property) ?? false;
}

/**
 * Replaces the undecryptable values of a freshly loaded entity by `emptyValue(property)` (null unless told)
 * and remembers them. The subscriber does this after every TypeORM load; repositories that hydrate rows by
 * hand call it themselves.
 */
export function settleLoaded(entity: object, emptyValue: (property: string) => null | '' = () => null): void {
  if (unsettled === 0) {
    return;
  }
  const record = entity as Record<string, unknown>;
  for (const property of Object.keys(record)) {
    if (record[property] instanceof Undecryptable) {
      record[property] = emptyValue(property);
      unsettled = Math.max(0, unsettled - 1);
      let set = failures.get(entity);
      if (set === undefined) {
        set = new Set();
        failures.set(entity, set);
      }
      set.add(property);
    }
  }
}

/**
 * Writing back a property that could not be decrypted would replace the stored ciphertext (which a
 * configured key may still open later) with an empty value: refused, unless a new value was set.
 */
export function assertWritable(entity: object, properties: readonly string[]): void {
  const failed = failures.get(entity);
  if (failed === undefined) {
    return;
  }
  for (const property of properties) {
    const value = (entity as Record<string, unknown>)[property];
    if (failed.has(property) && (value === null || value === '' || value === undefined)) {
      throw new Error(`Refusing to write an undecryptable ${property} back`);
    }
  }
}

function failed(column: string, error: Error): Undecryptable {
  logger.warn(`Could not decrypt ${column}: ${error.message}`);
  return new Undecryptable(column);
}

function opened<T>(column: string, open: () => T): T | Undecryptable {
  try {
    return open();
  } catch (error) {
    return failed(column, error as Error);
  }
}

/** How a column stores its Fernet tokens; `keys:rotate` finds every encrypted column by this tag. */
export type EncryptedColumnKind = 'text' | 'blobs';
export type EncryptedTransformer = ValueTransformer & { encryption: EncryptedColumnKind };

/**
 * A text column's transformer with a batch form: `fromMany` reads many stored values with one AES pass
 * (FernetKeyring.openMany), for the read paths that hydrate many rows by hand (which then `settleLoaded`).
 */
export type EncryptedTextTransformer = EncryptedTransformer & {
  fromMany: (stored: readonly (string | null)[]) => unknown[];
};

/** Plaintexts of many stored tokens (null stays null); a bad one becomes an Undecryptable alone. */
function openTexts(column: string, stored: readonly (string | null)[]): (string | null | Undecryptable)[] {
  const results: (string | null | Undecryptable)[] = new Array<string | null | Undecryptable>(stored.length);
  const tokens: Buffer[] = [];
  const owners: number[] = [];
  for (let i = 0; i < stored.length; i += 1) {
    const value = stored[i];
    if (value === null) {
      results[i] = null;
      continue;
    }
    try {
      tokens.push(decodeUrlsafeBase64(value));
      owners.push(i);
    } catch (error) {
      results[i] = failed(column, error as Error);
    }
  }
  const opened = tokens.length === 0 ? [] : currentKeyring().openMany(tokens);
  for (let j = 0; j < opened.length; j += 1) {
    const result = opened[j];
    results[owners[j]] = result instanceof Error ? failed(column, result) : result.plaintext.toString('utf8');
  }
  return results;
}

export function encryptionKindOf(transformer: unknown): EncryptedColumnKind | undefined {
  const kind = (transformer as Partial<EncryptedTransformer> | undefined)?.encryption;
  return kind === 'text' || kind === 'blobs' ? kind : undefined;
}

/** `text` column holding a Fernet token (padded URL-safe base64, as Python writes it). */
export function encryptedText(column: string): EncryptedTextTransformer {
  return {
    encryption: 'text',
    to: (value: string | null | undefined) =>
      value === null || value === undefined ? value : currentKeyring().current.encrypt(value),
    from: (stored: string | null) => openTexts(column, [stored])[0],
    fromMany: (stored) => openTexts(column, stored),
  };
}

/** `text` column holding a Fernet token of JSON. */
export function encryptedJson(column: string): EncryptedTextTransformer {
  const parse = (plaintext: string | null | Undecryptable): unknown =>
    typeof plaintext === 'string' ? opened(column, () => JSON.parse(plaintext) as unknown) : plaintext;
  const text = encryptedText(column);
  return {
    encryption: 'text',
    to: (value: unknown) => (value === null || value === undefined ? value : text.to(JSON.stringify(value))),
    from: (stored: string | null) => parse(openTexts(column, [stored])[0]),
    fromMany: (stored) => openTexts(column, stored).map(parse),
  };
}

/**
 * Several binary blobs (a message's images) in one `bytea`, each its own Fernet token as raw bytes (the
 * denser form of the same scheme): `[u32 BE length][token]…`. Reading gives a SealedBlobs that
 * decrypts one blob at a time, so serving image 2 does not decrypt images 0 and 1.
 */
export class SealedBlobs {
  private readonly tokens: Buffer[];

  constructor(container: Buffer) {
    this.tokens = [];
    for (let offset = 0; offset < container.length;) {
      const length = container.readUInt32BE(offset);
      this.tokens.push(container.subarray(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
  }

  get count(): number {
    return this.tokens.length;
  }

  /** The raw tokens (for key rotation, which re-seals without going through plaintext callers). */
  get rawTokens(): readonly Buffer[] {
    return this.tokens;
  }

  /** Plaintext of blob `index`; undefined when it cannot be decrypted (logged). */
  get(index: number): Buffer | undefined {
    try {
      return currentKeyring().open(this.tokens[index]).plaintext;
    } catch (error) {
      logger.warn(`Could not decrypt images: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Encrypts each blob under the current key and packs the tokens. */
  static seal(blobs: Buffer[]): Buffer {
    const ring = currentKeyring();
    return SealedBlobs.pack(blobs.map((blob) => ring.current.encryptToBytes(blob)));
  }

  /**
   * Bytes the first `count` of blobs of these plaintext sizes take in a packed container: each a 4-byte
   * length and a binary Fernet token (version 1, timestamp 8, IV 16, AES-CBC ciphertext padded to whole
   * 16-byte blocks, HMAC 32). Lets a reader fetch only those blobs' prefix of the column.
   */
  static prefixLength(plaintextSizes: number[], count: number): number {
    return plaintextSizes
      .slice(0, count)
      .reduce((sum, size) => sum + 4 + 1 + 8 + 16 + (Math.floor(size / 16) + 1) * 16 + 32, 0);
  }

  /** Whether `container` is a sequence of whole `[length][token]` entries (a prefix cut on a boundary). */
  static isWhole(container: Buffer): boolean {
    let offset = 0;
    while (offset + 4 <= container.length) {
      offset += 4 + container.readUInt32BE(offset);
    }
    return offset === container.length;
  }

  /** `[u32 BE length][token]…` */
  static pack(tokens: Buffer[]): Buffer {
    return Buffer.concat(
      tokens.flatMap((token) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(token.length);
        return [length, token];
      }),
    );
  }
}

export function encryptedBlobs(): EncryptedTransformer {
  return {
    encryption: 'blobs',
    to: (value: Buffer[] | null | undefined) =>
      value === null || value === undefined ? value : SealedBlobs.seal(value),
    from: (stored: Buffer | Uint8Array | null) => (stored === null ? null : new SealedBlobs(Buffer.from(stored))),
  };
}
