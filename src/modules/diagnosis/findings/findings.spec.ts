import { canonicalCode, canonicalIdentifier, extractFindings, matchBrand } from './findings';

const line = (text: string, image_index = 0, confidence = 0.9, alternative?: string) => ({
  text,
  image_index,
  confidence,
  alternative,
});

describe('canonicalCode', () => {
  it.each([
    ['E24', 'E24'],
    ['e24', 'E24'],
    ['E 24', 'E24'],
    ['F-21', 'F21'],
    ['4C', '4C'],
    ['dE', 'dE'],
    ['DE', 'dE'],
    ['0E', 'OE'], // segment displays draw O as 0
    ['5Ud', 'SUd'],
    ['5d', 'Sd'],
    ['Ub', 'UB'],
    ['F9E1', 'F9E1'],
    ['FqE1', 'F9E1'],
  ])('reads %s as %s', (raw, expected) => {
    expect(canonicalCode(raw)).toBe(expected);
  });

  it('lets the appliance brand decide between codes that look alike', () => {
    expect(canonicalCode('1E', 'Samsung')).toBe('1E');
    expect(canonicalCode('1E', 'LG')).toBe('IE');
  });

  it('accepts an unknown code only when it fits the grammar, and never a word or a bare number', () => {
    expect(canonicalCode('E77')).toBe('E77');
    expect(canonicalCode('888')).toBeUndefined();
    expect(canonicalCode('OK')).toBeUndefined();
    expect(canonicalCode('WASH')).toBeUndefined();
    expect(canonicalCode('E')).toBeUndefined();
    expect(canonicalCode('ABCDEF1')).toBeUndefined();
  });
});

describe('canonicalIdentifier', () => {
  it('fixes O/I/S read among digits and keeps real letters', () => {
    expect(canonicalIdentifier('WF45R61OOAW')).toBe('WF45R6100AW');
    expect(canonicalIdentifier('HW80B14979')).toBe('HW80B14979');
    expect(canonicalIdentifier('wat28400gb/')).toBe('WAT28400GB');
    expect(canonicalIdentifier('12S4')).toBe('1254');
  });
});

describe('matchBrand', () => {
  it('finds brands, tolerating one OCR slip in long names, not in short ones', () => {
    expect(matchBrand('SAMSUNG')?.brand).toBe('Samsung');
    expect(matchBrand('Whir1pool')).toBeUndefined(); // digits split the word
    expect(matchBrand('Whirlpoo1 washer')?.brand).toBe('Whirlpool');
    expect(matchBrand('Electrolx')?.brand).toBe('Electrolux');
    expect(matchBrand('my bosch dishwasher')?.brand).toBe('Bosch');
    expect(matchBrand('General Electric')?.brand).toBe('GE');
    expect(matchBrand('LGx')).toBeUndefined();
    expect(matchBrand('nothing here')).toBeUndefined();
  });
});

describe('extractFindings', () => {
  it('types each line: brand, labelled model and serial numbers, display codes', () => {
    const findings = extractFindings([
      line('BOSCH'),
      line('E-Nr. WAT28400GB/05'),
      line('Z-Nr. 9502200345'),
      line('220-240V~ 50Hz 2100W'),
      line('E24', 1, 0.8),
    ]);
    expect(findings).toEqual([
      { image_index: 0, type: 'brand', value: 'Bosch', raw: 'BOSCH', confidence: 0.9, source_line: 0 },
      {
        image_index: 0,
        type: 'model_number',
        value: 'WAT28400GB/05',
        raw: 'WAT28400GB/05',
        confidence: 0.9,
        source_line: 1,
      },
      {
        image_index: 0,
        type: 'serial_number',
        value: '9502200345',
        raw: '9502200345',
        confidence: 0.9,
        source_line: 2,
      },
      { image_index: 1, type: 'error_code', value: 'E24', raw: 'E24', confidence: 0.8, source_line: 4 },
    ]);
  });

  it('reads "Mode1" and "S/N" labels and codes after "Error"', () => {
    const findings = extractFindings([line('Mode1 WTW5000DW1'), line('S/N C94512345'), line('Error: F21 see manual')]);
    expect(findings.map((f) => [f.type, f.value])).toEqual([
      ['model_number', 'WTW5000DW1'],
      ['serial_number', 'C94512345'],
      ['error_code', 'F21'],
    ]);
  });

  it('uses the brand read in the same image, else the hint, to resolve a code', () => {
    expect(extractFindings([line('LG'), line('1E')]).find((f) => f.type === 'error_code')?.value).toBe('IE');
    expect(extractFindings([line('1E')], 'LG')[0].value).toBe('IE');
    expect(extractFindings([line('SAMSUNG', 0), line('1E', 1)], 'LG')[1].value).toBe('IE');
  });

  it('prefers the alternative reading when only it is a known code', () => {
    expect(extractFindings([line('E77', 0, 0.9, 'E17')])[0]).toMatchObject({ value: 'E17', raw: 'E17' });
    expect(extractFindings([line('E17', 0, 0.9, 'E77')])[0]).toMatchObject({ value: 'E17' });
  });

  it('finds nothing in lines that carry no code, brand or number', () => {
    expect(extractFindings([line('220-240V~ 50Hz'), line('Quick Wash 30'), line('888')])).toEqual([]);
  });
});

describe('matchBrand on long texts', () => {
  it('finds a brand after thousands of repeated words, and the spelling met first', () => {
    expect(matchBrand(`${'no '.repeat(30000)}my Beko washer`)).toEqual({ brand: 'Beko', raw: 'Beko' });
    expect(matchBrand(`${'is it '.repeat(10000)}SAMSUNG then samsung`)).toEqual({ brand: 'Samsung', raw: 'SAMSUNG' });
  });
});
