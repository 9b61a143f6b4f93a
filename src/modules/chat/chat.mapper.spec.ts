import { DecryptionFailure } from '../../common/crypto/encrypted-columns';
import { deriveTitle, toMessageDto } from './chat.mapper';
import { ChatMessageEntity } from './entities/chat-message.entity';

describe('deriveTitle', () => {
  it('folds whitespace and keeps short text whole', () => {
    expect(deriveTitle('  Oven   shows\nF21  ')).toBe('Oven shows F21');
    expect(deriveTitle('   ')).toBeNull();
  });

  it('cuts long text at a word near 60 characters', () => {
    const title = deriveTitle('My washing machine shows E24 and will not drain the water after the rinse cycle');
    expect(title).toBe('My washing machine shows E24 and will not drain the water…');
    expect((title ?? '').length).toBeLessThanOrEqual(61);
  });

  it('cuts a long word-less text hard', () => {
    expect(deriveTitle('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
  });
});

describe('toMessageDto', () => {
  const message = (overrides: Partial<ChatMessageEntity>): ChatMessageEntity =>
    Object.assign(new ChatMessageEntity(), {
      id: 'm1',
      sessionId: 's1',
      role: 'user',
      content: 'hello',
      images: null,
      imageMeta: null,
      structured: null,
      source: 'client',
      createdAt: new Date('2026-11-24T10:00:00Z'),
      ...overrides,
    });

  it('maps a plain message without a decryption flag', () => {
    expect(toMessageDto(message({}), true)).toEqual({
      id: 'm1',
      role: 'user',
      content: 'hello',
      images: [],
      image_refs: [],
      structured: null,
      source: 'client',
      created_at: '2026-11-24T10:00:00.000Z',
    });
  });

  it('flags undecryptable fields and nulls them', () => {
    const dto = toMessageDto(
      message({ content: new DecryptionFailure('content'), structured: new DecryptionFailure('s') }),
      true,
    );
    expect(dto).toMatchObject({ content: null, structured: null, decryption_error: true });
  });

  it('builds image URLs under the given sessions path', () => {
    const dto = toMessageDto(
      message({ imageMeta: [{ content_type: 'image/png', bytes: 10, width: 2, height: 3 }] }),
      false,
      '/api/technicians/sessions',
    );
    expect(dto.image_refs).toEqual([
      {
        index: 0,
        content_type: 'image/png',
        bytes: 10,
        width: 2,
        height: 3,
        url: '/api/technicians/sessions/s1/messages/m1/images/0',
      },
    ]);
  });
});
