import { ReadLine } from '../model/vision-model';
import { reconcileLine } from './reconcile';

const line = (text: string, confidence: number, segments?: { text: string; crispness: number }): ReadLine => ({
  text,
  confidence,
  box: [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ],
  method: 'network',
  segments,
});

describe('reconcileLine', () => {
  it('takes the segment read when the network saw unlit segments as 8s', () => {
    expect(reconcileLine(line('858', 0.96, { text: '5C', crispness: 0.83 }))).toMatchObject({
      text: '5C',
      method: 'segments',
      alternative: '858',
      confidence: 0.83,
    });
    expect(reconcileLine(line('802', 0.92, { text: 'E02', crispness: 0.7 })).text).toBe('E02');
  });

  it('takes a crisp segment code over a network read that is no code', () => {
    expect(reconcileLine(line('EE', 0.9, { text: 'tE', crispness: 0.66 })).text).toBe('tE');
  });

  it('keeps a brand the network read, and a confident agreeing read', () => {
    const brand = reconcileLine(line('LG', 0.99, { text: 'L6', crispness: 0.76 }));
    expect(brand).toMatchObject({ text: 'LG', method: 'network' });
    expect(brand.alternative).toBeUndefined(); // no "L6" code candidate from a logo
    expect(reconcileLine(line('F6', 0.99, { text: 'F6', crispness: 0.9 }))).toEqual(
      line('F6', 0.99, { text: 'F6', crispness: 0.9 }),
    );
  });

  it('ignores a vague segment read', () => {
    expect(reconcileLine(line('E24', 0.7, { text: 'E2A', crispness: 0.5 })).text).toBe('E24');
    expect(reconcileLine(line('E24', 0.99)).text).toBe('E24');
  });
});
