import { leadingText, RETRIEVAL_TEXT_CHARS } from './leading-text';

describe('leadingText', () => {
  it('keeps short texts whole and cuts long ones at the limit', () => {
    expect(leadingText('E18 on my Bosch')).toBe('E18 on my Bosch');
    expect(leadingText('a'.repeat(RETRIEVAL_TEXT_CHARS + 10))).toHaveLength(RETRIEVAL_TEXT_CHARS);
  });

  it('never ends inside a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    expect(leadingText(text, 10)).toBe('a'.repeat(9));
    expect(leadingText(text, 11)).toBe(`${'a'.repeat(9)}😀`);
  });
});
