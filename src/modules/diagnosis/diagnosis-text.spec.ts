import { detectKind } from './appliance-kind';
import { codesInText } from './diagnosis.service';
import { loadKnowledgeBase } from './knowledge-base';
import { negatedWords } from './knowledge-base.repository';

describe('codesInText', () => {
  it('finds codes with digits, codes typed apart, and letter-only codes by context or capitals', () => {
    expect(codesInText('My Bosch washer shows E18 and F21 blinks')).toEqual(expect.arrayContaining(['E18', 'F21']));
    expect(codesInText('the display shows OE')).toContain('OE');
    expect(codesInText('error code dE on my LG')).toContain('dE');
    expect(codesInText('Samsung washer Sd error, lots of foam')).toContain('Sd');
    expect(codesInText('Whirlpool washer F9 E1, long drain')).toContain('F9E1');
    expect(codesInText('LG fridge Er FF on the display')).toContain('ErFF');
    expect(codesInText('LG dishwasher OE and water left')).toContain('OE');
    expect(codesInText('Samsung çamaşır makinesi HE hatası veriyor')).toContain('HE');
    expect(codesInText('Ekranda dE yazıyor')).toContain('dE');
  });

  it('keeps what was typed (no OCR confusion swaps) and skips everyday words and acronyms', () => {
    expect(codesInText('GE dishwasher shows C1')).toContain('C1');
    expect(codesInText('GE dishwasher shows C1')).not.toContain('CL');
    expect(codesInText('my AC is not cooling')).toEqual([]);
    expect(codesInText('it is 20 years old, I use HE detergent and the TV is OK')).toEqual([]);
    expect(codesInText('The washer door will not open after the wash')).toEqual([]);
  });
});

describe('detectKind', () => {
  it.each([
    ['my washing machine will not spin', 'washer'],
    ['the dishwasher leaves the dishes dirty', 'dishwasher'],
    ['tumble dryer takes hours', 'dryer'],
    ['the freezer is icing up', 'refrigerator'],
    ['induction hob shows an error', 'hob'],
    ['the oven fan is noisy', 'oven'],
    ['Çamaşır makinesi suyu boşaltmıyor', 'washer'],
    ['BULAŞIK MAKİNESİ yıkamıyor', 'dishwasher'],
    ['Buzdolabım soğutmuyor', 'refrigerator'],
    ['Mikrodalga fırın ısıtmıyor', 'microwave'],
    ['Fırının kapağı açılmıyor', 'oven'],
    ['Kurutma makinesi ısıtmıyor', 'dryer'],
    ['Klima su damlatıyor', 'air_conditioner'],
    ['Ocağı yakınca ses geliyor', 'hob'],
    ['Makine su çekmiyor', 'washer'],
    ['Bulaşık makinesi su çekmiyor', 'dishwasher'],
    ['the air conditioner drips', 'air_conditioner'],
    ['microwave does not heat', 'microwave'],
  ])('%p is a %s', (text, kind) => {
    expect(detectKind(text)).toBe(kind);
  });

  it('takes the first appliance named, and none when none is named', () => {
    expect(detectKind('the washer-dryer, not the dishwasher')).toBe('washer');
    expect(detectKind('it makes a noise')).toBeUndefined();
  });
});

describe('loadKnowledgeBase', () => {
  const doc = {
    version: 3,
    sources: { m: 'Manual p. 12' },
    templates: {
      t: {
        causes: [['Pump', 0.6, ['drain pump'], 'drain_pump'] as [string, number, string[], string]],
        steps: ['Clean'],
        safety: 'none' as const,
        technician: false,
      },
    },
    entries: [
      {
        brand: 'LG',
        kind: 'washer' as const,
        code: 'OE',
        template: 't',
        title: 'Drain error',
        keywords: 'drain',
        source: 'm',
      },
    ],
  };
  const tr = {
    templates: {
      t: { title: 'Su Boşaltılmıyor', keywords: 'Boşaltmıyor, IŞIK', causes: ['Pompa'], steps: ['Temizleyin'] },
    },
    parts: { 'drain pump': 'tahliye pompası' },
  };

  it('expands templates, lower-cases brands, names the source and hashes the content', () => {
    const { version, entries } = loadKnowledgeBase(doc, tr);
    expect(version).toBe(3);
    expect(entries[0]).toMatchObject({
      entry_key: 'lg:washer:OE',
      brand: 'lg',
      source: 'Manual p. 12',
      causes: [
        {
          title: 'Pump',
          title_tr: 'Pompa',
          weight: 0.6,
          parts: ['drain pump'],
          parts_tr: ['tahliye pompası'],
          category: 'drain_pump',
        },
      ],
      parts: ['drain pump'],
      tr: {
        title: 'Su Boşaltılmıyor',
        steps: ['Temizleyin'],
        parts: ['tahliye pompası'],
        title_search: 'su boşaltılmıyor',
      },
    });
    // Turkish lower case for the index: I → ı, İ → i (not JavaScript's or PostgreSQL's default).
    expect(entries[0].tr.keywords_search).toContain('boşaltmıyor, ışık, pompa, çamaşır makinesi');
    expect(entries[0].content_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a dangling template or source, duplicate entries and missing Turkish text', () => {
    expect(() => loadKnowledgeBase({ ...doc, entries: [{ ...doc.entries[0], source: 'x' }] }, tr)).toThrow(/unknown/);
    expect(() => loadKnowledgeBase({ ...doc, entries: [doc.entries[0], doc.entries[0]] }, tr)).toThrow(/duplicate/);
    const badCategory = {
      t: { ...doc.templates.t, causes: [['Pump', 0.6, [], 'pump'] as [string, number, string[], string]] },
    };
    expect(() => loadKnowledgeBase({ ...doc, templates: badCategory }, tr)).toThrow(/bad category/);
    expect(() => loadKnowledgeBase(doc, { ...tr, templates: {} })).toThrow(/no matching Turkish text/);
    expect(() => loadKnowledgeBase(doc, { ...tr, parts: {} })).toThrow(/no Turkish name/);
  });

  it('the shipped file loads: 200+ entries with prior weights in 0..1', () => {
    const { entries } = loadKnowledgeBase();
    expect(entries.length).toBeGreaterThanOrEqual(200);
    for (const e of entries) {
      expect(e.causes.length).toBeGreaterThan(0);
      expect(e.tr.title).not.toBe('');
      expect(e.tr.steps).toHaveLength(e.steps.length);
      for (const c of e.causes) {
        expect(c.title_tr).toBeTruthy();
        expect(c.weight).toBeGreaterThan(0);
        expect(c.weight).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('negatedWords', () => {
  it('keeps what the appliance fails to do', () => {
    expect(negatedWords('Air conditioner is running but not cooling the room')).toBe('cooling the');
    expect(negatedWords("The washer won't drain and doesn't spin")).toBe('drain spin');
    expect(negatedWords('It makes a noise')).toBe('');
  });
});
