/**
 * What `npm run legacy:import` says it did: per table, how many rows it read, wrote, found already there,
 * carried with a mapping, and did not carry (with the reason); the values no key opened, the images our
 * pipeline refused, the accounts it mapped, disabled or left out, and the legacy tables it does not import.
 */
export const IMPORTED_TABLES = [
  'users',
  'chat_sessions',
  'chat_messages',
  'chat_feedback',
  'technician_feedback',
] as const;
export type ImportedTable = (typeof IMPORTED_TABLES)[number];

export interface TableReport {
  table: ImportedTable;
  read: number;
  /** Written by this run (would be written, with --dry-run). */
  imported: number;
  /** Already in the target with the same id (an earlier run). */
  already_present: number;
  /** Carried (imported or already present) with a mapping: each kind of mapping and how many rows. */
  mapped: Record<string, number>;
  /** Not carried, by reason. */
  not_carried: Record<string, number>;
}

export interface RowNotCarried {
  table: ImportedTable;
  id: string;
  reason: string;
}

export interface ExcludedAccount {
  user_id: string;
  email: string;
  reason: string;
  /** Rows that belong to it and were not carried either. */
  dependents: Partial<Record<ImportedTable, number>>;
}

export interface ImportReport {
  dry_run: boolean;
  tables: TableReport[];
  /** Rows that were not carried, each with its reason. */
  rows_not_carried: RowNotCarried[];
  /** Values kept as their legacy ciphertext because LEGACY_ENCRYPTION_KEY does not open them, per column. */
  values_not_decrypted: Record<string, number>;
  images: {
    /** Images that went through the upload pipeline. */
    processed: number;
    /** Images the pipeline refused: kept as they came (encrypted), never served. */
    refused: { message_id: string; index: number; reason: string }[];
  };
  role_mappings: { user_id: string; email: string; from: string; to: string }[];
  disabled_accounts: { user_id: string; email: string; reason: string }[];
  excluded_accounts: ExcludedAccount[];
  /** Legacy tables this tool does not import, with their row counts. */
  tables_not_imported: { table: string; rows: number }[];
}

export function emptyTableReport(table: ImportedTable): TableReport {
  return { table, read: 0, imported: 0, already_present: 0, mapped: {}, not_carried: {} };
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** 0 when every row and value was carried (mappings included), 1 when anything was not. */
export function exitCodeOf(report: ImportReport): 0 | 1 {
  const rowsLost = report.tables.some((t) => total(t.not_carried) > 0);
  const valuesLost = total(report.values_not_decrypted) > 0 || report.images.refused.length > 0;
  return rowsLost || valuesLost ? 1 : 0;
}

/** The report as text, for a person at a terminal. */
export function describeReport(report: ImportReport): string {
  const lines: string[] = [report.dry_run ? 'Dry run: nothing was written.' : 'Import finished.'];
  const verb = report.dry_run ? 'would import' : 'imported';
  for (const t of report.tables) {
    const mapped = total(t.mapped);
    const lost = total(t.not_carried);
    lines.push(
      `${t.table}: ${t.read} read, ${t.imported} ${verb}, ${t.already_present} already present, ` +
        `${mapped} carried with a mapping, ${lost} not carried`,
    );
    for (const [kind, n] of Object.entries(t.mapped)) {
      lines.push(`  mapped: ${kind}: ${n}`);
    }
    for (const [reason, n] of Object.entries(t.not_carried)) {
      lines.push(`  not carried: ${reason}: ${n}`);
    }
  }
  for (const [column, n] of Object.entries(report.values_not_decrypted)) {
    lines.push(`${column}: ${n} value(s) not opened by LEGACY_ENCRYPTION_KEY, kept as their ciphertext`);
  }
  lines.push(
    `images: ${report.images.processed} processed, ${report.images.refused.length} refused (kept as they came)`,
  );
  for (const image of report.images.refused) {
    lines.push(`  message ${image.message_id} image ${image.index}: ${image.reason}`);
  }
  for (const m of report.role_mappings) {
    lines.push(`role: ${m.email} (${m.user_id}): ${m.from} -> ${m.to}`);
  }
  for (const d of report.disabled_accounts) {
    lines.push(`disabled: ${d.email} (${d.user_id}): ${d.reason}`);
  }
  for (const e of report.excluded_accounts) {
    const dependents = Object.entries(e.dependents)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ');
    lines.push(`not imported: ${e.email} (${e.user_id}): ${e.reason}${dependents ? `; with it: ${dependents}` : ''}`);
  }
  for (const row of report.rows_not_carried) {
    lines.push(`not carried: ${row.table} ${row.id}: ${row.reason}`);
  }
  for (const t of report.tables_not_imported) {
    lines.push(`legacy table not imported: ${t.table} (${t.rows} rows)`);
  }
  return lines.join('\n');
}
