import { DataSource } from 'typeorm';
import { decodeUrlsafeBase64, FernetKeyring } from './fernet';
import { encryptionKindOf, EncryptedColumnKind, SealedBlobs } from './encrypted-columns';

export interface EncryptedTable {
  table: string;
  columns: { name: string; kind: EncryptedColumnKind }[];
}

/** Every encrypted column of every entity, found by its transformer's tag: new tables are covered by default. */
export function encryptedTables(dataSource: DataSource): EncryptedTable[] {
  const tables: EncryptedTable[] = [];
  for (const metadata of dataSource.entityMetadatas) {
    const columns = metadata.columns.flatMap((column) => {
      const kind = encryptionKindOf(column.transformer);
      return kind ? [{ name: column.databaseName, kind }] : [];
    });
    if (columns.length > 0) {
      tables.push({ table: metadata.tableName, columns });
    }
  }
  return tables.sort((a, b) => a.table.localeCompare(b.table));
}

export interface RotationStats {
  scanned: number;
  rotated: number;
  unreadable: number;
}

type Reseal = { changed: boolean; unreadable: boolean; value: string | Buffer };

/** Re-encrypts one stored value under the current key when an older key made it. Never drops data. */
export function resealValue(ring: FernetKeyring, kind: EncryptedColumnKind, stored: string | Buffer): Reseal {
  try {
    if (kind === 'text') {
      const { plaintext, keyIndex } = ring.open(decodeUrlsafeBase64(stored as string));
      return keyIndex === 0
        ? { changed: false, unreadable: false, value: stored }
        : { changed: true, unreadable: false, value: ring.current.encrypt(plaintext) };
    }
    const opened = new SealedBlobs(Buffer.from(stored as Buffer)).rawTokens.map((token) => ring.open(token));
    if (opened.every((o) => o.keyIndex === 0)) {
      return { changed: false, unreadable: false, value: stored };
    }
    const container = SealedBlobs.pack(opened.map(({ plaintext }) => ring.current.encryptToBytes(plaintext)));
    return { changed: true, unreadable: false, value: container };
  } catch {
    return { changed: false, unreadable: true, value: stored };
  }
}

/**
 * Walks a table in id order, `batchSize` rows per transaction, re-encrypting values made with a previous
 * key. Each batch commits on its own, and an update only applies if the value is unchanged since it was
 * read, so the run can be interrupted at any point and simply run again (rows already under the current
 * key are skipped). Values no key can open are left as they are and counted.
 */
export async function rotateTable(
  dataSource: DataSource,
  ring: FernetKeyring,
  target: EncryptedTable,
  options: { batchSize: number; shouldStop: () => boolean; onBatch: (stats: RotationStats) => void },
): Promise<RotationStats & { completed: boolean }> {
  const stats: RotationStats = { scanned: 0, rotated: 0, unreadable: 0 };
  const columnList = target.columns.map((c) => `"${c.name}"`).join(', ');
  let lastId: string | null = null;
  while (!options.shouldStop()) {
    const rows = (await dataSource.query(
      `SELECT id, ${columnList} FROM "${target.table}" WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [lastId, options.batchSize],
    )) as Record<string, string | Buffer | null>[];
    if (rows.length === 0) {
      return { ...stats, completed: true };
    }
    await dataSource.transaction(async (manager) => {
      for (const row of rows) {
        for (const column of target.columns) {
          const stored = row[column.name];
          if (stored === null || stored === undefined) {
            continue;
          }
          const result = resealValue(ring, column.kind, stored);
          if (result.unreadable) {
            stats.unreadable += 1;
          } else if (result.changed) {
            await manager.query(
              `UPDATE "${target.table}" SET "${column.name}" = $1 WHERE id = $2 AND "${column.name}" = $3`,
              [result.value, row.id, stored],
            );
            stats.rotated += 1;
          }
        }
      }
    });
    stats.scanned += rows.length;
    lastId = rows[rows.length - 1].id as string;
    options.onBatch(stats);
  }
  return { ...stats, completed: false };
}
