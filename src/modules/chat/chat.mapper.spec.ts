import { settleLoaded, Undecryptable } from '../../common/crypto/encrypted-columns';
import { deriveTitle, inlineImageCounts, toMessageDto } from './chat.mapper';
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
      session_id: 's1',
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
    const loaded = message({
      content: new Undecryptable('content') as unknown as string,
      structured: new Undecryptable('s') as unknown as null,
    });
    settleLoaded(loaded, (property) => (property === 'content' ? '' : null));
    expect(loaded).toMatchObject({ content: '', structured: null });
    const dto = toMessageDto(loaded, true);
    expect(dto).toMatchObject({ content: null, structured: null, decryption_error: true });
  });

  it('has no text for an image-only message', () => {
    expect(toMessageDto(message({ content: '' }), true).content).toBeNull();
  });

  it('builds image URLs with the given maker', () => {
    const dto = toMessageDto(
      message({ imageMeta: [{ content_type: 'image/png', bytes: 10, width: 2, height: 3 }] }),
      false,
      (session, id, index) => `/api/technicians/sessions/${session}/messages/${id}/images/${index}`,
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

describe('deriveTitle on grapheme boundaries', () => {
  it('never cuts an emoji or a letter with its accent in half', () => {
    const family = '👨‍👩‍👧‍👦';
    const title = deriveTitle(family.repeat(70)) as string;
    expect(title.endsWith('…')).toBe(true);
    expect(title.slice(0, -1)).toBe(family.repeat(60));
    const accented = 'e\u0301'.repeat(61);
    expect((deriveTitle(accented) as string).slice(0, -1)).toBe('e\u0301'.repeat(60));
  });
});

describe('inlineImageCounts', () => {
  const withImages = (id: string, sizes: number[]): ChatMessageEntity =>
    Object.assign(new ChatMessageEntity(), {
      id,
      imageMeta: sizes.map((bytes) => ({ content_type: 'image/png', bytes, width: 1, height: 1 })),
    });

  it('inlines image by image in session order while they fit, then none', () => {
    const messages = [
      withImages('a', [300, 200]),
      withImages('b', []),
      withImages('c', [400, 50]),
      withImages('d', [10]),
    ];
    // 500 for a; c's first (400) fits the 420 left, its second (50) does not: d's small one is not inlined either.
    expect(inlineImageCounts(messages, 920)).toEqual(
      new Map([
        ['a', 2],
        ['c', 1],
      ]),
    );
    expect(inlineImageCounts(messages, 10_000)).toEqual(
      new Map([
        ['a', 2],
        ['c', 2],
        ['d', 1],
      ]),
    );
    expect(inlineImageCounts(messages, 0)).toEqual(new Map());
  });
});
