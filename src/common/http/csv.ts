/**
 * RFC 4180 CSV with formula-injection protection: a cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) is prefixed with a single quote (OWASP "CSV Injection").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  let text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => csvCell(row[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
