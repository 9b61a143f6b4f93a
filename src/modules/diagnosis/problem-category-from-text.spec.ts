import { problemCategoryFromText } from './problem-category-from-text';

describe('problemCategoryFromText', () => {
  it.each([
    ['Motor arızası', 'motor'],
    ['Kömürler bitmiş, motor kömürleri değişti', 'motor'],
    ['Tahliye pompası tıkanmış', 'drain_pump'],
    ['Drain pump blocked by a sock', 'drain_pump'],
    ['REZİSTANS YANMIŞ', 'heating_element'],
    ['Kapı kilidi arızalı', 'door_lock_seal'],
    ['Elektronik kart değişti', 'control_board'],
    ['Kompresör çalışmıyor', 'compressor'],
    ['Hortumdan su sızıntısı', 'water_leak_hose'],
    ['Fırın ateşleyici bujisi', 'gas_valve_igniter'],
    ['The drive belt snapped', 'belt'],
  ])('%s → %s', (text, category) => {
    expect(problemCategoryFromText(text)).toBe(category);
  });

  it('folds Turkish capitals the Turkish way (I → ı, İ → i)', () => {
    expect(problemCategoryFromText('ISITICI ARIZALI')).toBe('heating_element');
    expect(problemCategoryFromText('SİGORTA ATMIŞ')).toBe('power_supply_wiring');
  });

  it('matches stems at word starts only, and says nothing when no component is named', () => {
    expect(problemCategoryFromText('Compump')).toBeUndefined();
    expect(problemCategoryFromText('Müşteri memnun kaldı')).toBeUndefined();
    expect(problemCategoryFromText(null, undefined, '  ')).toBeUndefined();
  });
});
