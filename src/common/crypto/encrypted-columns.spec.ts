import { randomBytes } from 'node:crypto';
import {
  assertWritable,
  encryptedJson,
  encryptedText,
  installKeyring,
  isUndecryptable,
  settleLoaded,
  undecryptable,
} from './encrypted-columns';
import { FernetKeyring } from './fernet';

const newKey = (): string => randomBytes(32).toString('base64url') + '=';

describe('encrypted columns: decryption failures stay out of entities', () => {
  const oldKey = newKey();
  const text = encryptedText('t.note');
  const json = encryptedJson('t.data');

  beforeEach(() => installKeyring(new FernetKeyring(newKey(), [oldKey])));

  it('round-trips text and JSON, and opens values under a previous key', () => {
    expect(text.from(text.to('merhaba çğış'))).toBe('merhaba çğış');
    expect(json.from(json.to({ a: [1, 'ü'] }))).toEqual({ a: [1, 'ü'] });
    const underOld = (() => {
      installKeyring(new FernetKeyring(oldKey, []));
      return text.to('old') as string;
    })();
    installKeyring(new FernetKeyring(newKey(), [oldKey]));
    expect(text.from(underOld)).toBe('old');
  });

  it('settles a value no key opens to the empty value and remembers the property', () => {
    const foreign = (() => {
      installKeyring(new FernetKeyring(newKey(), []));
      return text.to('secret') as string;
    })();
    installKeyring(new FernetKeyring(newKey(), [oldKey]));
    const entity: Record<string, unknown> = {
      note: text.from(foreign),
      body: text.from('not-a-token'),
      data: json.fromMany([foreign])[0],
      fine: text.from(text.to('ok')),
    };
    settleLoaded(entity, (property) => (property === 'body' ? '' : null));
    expect(entity).toEqual({ note: null, body: '', data: null, fine: 'ok' });
    expect([...undecryptable(entity)].sort()).toEqual(['body', 'data', 'note']);
    expect(isUndecryptable(entity, 'fine')).toBe(false);
    expect(undecryptable({}).size).toBe(0);
  });

  it('refuses to write an undecryptable property back unless a new value was set', () => {
    const entity: Record<string, unknown> = { note: text.from('garbage'), other: 'x' };
    settleLoaded(entity);
    expect(() => assertWritable(entity, ['other'])).not.toThrow();
    expect(() => assertWritable(entity, ['note'])).toThrow('Refusing to write an undecryptable note back');
    entity.note = 'replaced';
    expect(() => assertWritable(entity, ['note'])).not.toThrow();
  });
});
