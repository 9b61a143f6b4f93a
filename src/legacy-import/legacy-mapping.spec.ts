import { emptyTableReport, exitCodeOf, ImportReport, IMPORTED_TABLES } from './import-report';
import { mapRole, parseImageList, withDefault } from './legacy-mapping';

describe('legacy roles', () => {
  it.each([
    ['user', null, 'user', false],
    [null, null, 'user', false],
    ['admin', null, 'admin', false],
    ['user', 'technician', 'technician', true],
    ['user', 'senior_technician', 'technician', true],
    ['user', 'branch_manager', 'user', true],
    ['user', 'enterprise_admin', 'user', true],
    ['guest', null, 'user', true],
    ['admin', 'technician', 'admin', true],
  ])('role=%s enterprise_role=%s becomes %s (listed: %s)', (role, enterpriseRole, to, listed) => {
    expect(mapRole(role, enterpriseRole)).toMatchObject({ to, listed });
  });
});

describe('legacy images value', () => {
  it('is a JSON list of strings, or says why not', () => {
    expect(parseImageList('["data:image/png;base64,AA==","AA=="]')).toEqual({
      images: ['data:image/png;base64,AA==', 'AA=='],
    });
    expect(parseImageList('not json')).toEqual({ error: 'not JSON' });
    expect(parseImageList('{"a":1}')).toEqual({ error: 'not a JSON list of strings' });
    expect(parseImageList('[1]')).toEqual({ error: 'not a JSON list of strings' });
  });
});

describe('legacy flags', () => {
  it('take the legacy model default only when unset', () => {
    expect(withDefault(null, true)).toEqual({ value: true, defaulted: true });
    expect(withDefault(false, true)).toEqual({ value: false, defaulted: false });
  });
});

describe('import exit code', () => {
  const clean = (): ImportReport => ({
    dry_run: false,
    tables: IMPORTED_TABLES.map(emptyTableReport),
    rows_not_carried: [],
    values_not_decrypted: {},
    images: { processed: 0, refused: [] },
    role_mappings: [],
    disabled_accounts: [],
    excluded_accounts: [],
    tables_not_imported: [],
  });

  it('is 0 when everything was carried, mappings included, and 1 when a row or a value was not', () => {
    const mapped = clean();
    mapped.tables[0].mapped['role role=guest -> user'] = 1;
    expect(exitCodeOf(mapped)).toBe(0);
    const lostRow = clean();
    lostRow.tables[2].not_carried['x'] = 1;
    expect(exitCodeOf(lostRow)).toBe(1);
    const lostValue = clean();
    lostValue.values_not_decrypted['chat_messages.content'] = 1;
    expect(exitCodeOf(lostValue)).toBe(1);
    const refused = clean();
    refused.images.refused.push({ message_id: 'm', index: 0, reason: 'r' });
    expect(exitCodeOf(refused)).toBe(1);
  });
});
