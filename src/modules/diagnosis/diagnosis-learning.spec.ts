import { outcomeFor, PRIOR_STRENGTH, reweightCauses } from './diagnosis-learning';
import { Cause } from './knowledge-base';

const CAUSES: Cause[] = [
  { title: 'Filter blocked', weight: 0.5, parts: ['filter'], category: 'filter_blockage' },
  { title: 'Pump failed', weight: 0.3, parts: ['pump'], category: 'drain_pump' },
  { title: 'Pump wiring', weight: 0.2, parts: ['harness'], category: 'drain_pump' },
];

describe('reweightCauses', () => {
  it('keeps the prior order and weights without visits', () => {
    const ranked = reweightCauses(CAUSES, new Map());
    expect(ranked.map((c) => [c.title, c.weight, c.confirmed])).toEqual([
      ['Filter blocked', 0.5, 0],
      ['Pump failed', 0.3, 0],
      ['Pump wiring', 0.2, 0],
    ]);
  });

  it('moves weight to confirmed categories, (prior × K + n) / (K + N), counting each visit once', () => {
    const ranked = reweightCauses(CAUSES, new Map([['drain_pump', 3]]));
    const K = PRIOR_STRENGTH;
    expect(ranked[0]).toMatchObject({ title: 'Pump failed', confirmed: 3 });
    expect(ranked[0].weight).toBeCloseTo((0.3 * K + 3) / (K + 3));
    expect(ranked.find((c) => c.title === 'Pump wiring')).toMatchObject({ confirmed: 0 });
    expect(ranked.find((c) => c.title === 'Pump wiring')!.weight).toBeCloseTo((0.2 * K) / (K + 3));
    expect(ranked.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1);
  });

  it('adds a category technicians found that the entry does not list', () => {
    const ranked = reweightCauses(CAUSES, new Map([['control_board', 2]]));
    const learned = ranked.find((c) => c.category === 'control_board');
    expect(learned).toMatchObject({ title: 'Control board fault', parts: [], confirmed: 2 });
    expect(learned!.weight).toBeCloseTo(2 / (PRIOR_STRENGTH + 2));
    expect(ranked.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1);
  });
});

describe('outcomeFor', () => {
  const structured = {
    findings: [],
    diagnosis: {
      appliance: { kind: 'washer', brand: 'LG' },
      codes: [{ code: 'OE', title: 'Drain error', source: 'LG manual' }],
      likely_causes: [{ title: 'Filter blocked', category: 'filter_blockage' }],
      knowledge_entry: 'lg:washer:OE',
    },
  };

  it('links a wrong diagnosis to what the technician found', () => {
    expect(outcomeFor(structured, { diagnosisCorrect: false, actualProblemCategory: 'drain_pump' })).toEqual({
      entryKey: 'lg:washer:OE',
      applianceKind: 'washer',
      brand: 'lg',
      code: 'OE',
      predictedCategory: 'filter_blockage',
      diagnosisCorrect: false,
      confirmedCategory: 'drain_pump',
    });
  });

  it('confirms the first cause of a right diagnosis', () => {
    expect(outcomeFor(structured, { diagnosisCorrect: true, actualProblemCategory: null })).toMatchObject({
      diagnosisCorrect: true,
      confirmedCategory: 'filter_blockage',
    });
  });

  it('ignores messages without a diagnosis and distrusts malformed fields', () => {
    expect(outcomeFor(null, { diagnosisCorrect: true, actualProblemCategory: null })).toBeUndefined();
    expect(outcomeFor({ findings: [] }, { diagnosisCorrect: true, actualProblemCategory: null })).toBeUndefined();
    const odd = {
      diagnosis: { appliance: { kind: 'boat', brand: 7 }, codes: 'OE', likely_causes: [{ category: 'x' }] },
    };
    expect(outcomeFor(odd, { diagnosisCorrect: true, actualProblemCategory: null })).toEqual({
      entryKey: null,
      applianceKind: null,
      brand: null,
      code: null,
      predictedCategory: null,
      diagnosisCorrect: true,
      confirmedCategory: null,
    });
  });
});
