import { turkishLower } from '../../common/i18n/language';
import { ProblemCategory } from './problem-categories';

/**
 * Words that name a component, in English and Turkish (stems: Turkish suffixes follow them, "pompası",
 * "rezistansı"), per category. Matched at word starts on Turkish-folded text (İ→i, I→ı), so "Motor arızası",
 * "kömürler bitmiş" and "drain pump blocked" each name one. Order is priority when a text names several.
 */
const STEMS: [ProblemCategory, string[]][] = [
  ['drain_pump', ['drain pump', 'pump', 'pompa', 'tahliye']],
  ['inlet_valve', ['inlet valve', 'valve', 'solenoid', 'valf', 'ventil', 'su giriş']],
  ['heating_element', ['heating element', 'heater', 'element', 'rezistans', 'ısıtıcı']],
  ['thermostat_sensor', ['thermostat', 'sensor', 'thermistor', 'ntc', 'termostat', 'sensör', 'ısı sensör']],
  ['control_board', ['control board', 'board', 'pcb', 'module', 'kart', 'anakart', 'modül', 'elektronik kart']],
  ['door_lock_seal', ['door lock', 'door seal', 'gasket', 'seal', 'kapı kilid', 'kilit', 'conta', 'körük']],
  ['motor', ['motor', 'carbon brush', 'brushes', 'kömür']],
  ['belt', ['belt', 'kayış']],
  ['compressor', ['compressor', 'refrigerant', 'kompresör', 'gaz kaçağ', 'soğutucu gaz']],
  ['fan', ['fan', 'vantilatör', 'pervane']],
  ['ice_defrost', ['defrost', 'frost', 'ice', 'buzlanma', 'buz', 'karlanma']],
  ['water_leak_hose', ['hose', 'leak', 'hortum', 'sızıntı', 'su kaçağ', 'kaçak']],
  ['filter_blockage', ['filter', 'blockage', 'clog', 'filtre', 'tıkan']],
  ['power_supply_wiring', ['wiring', 'wire', 'cable', 'fuse', 'socket', 'plug', 'kablo', 'sigorta', 'priz', 'fiş']],
  ['gas_valve_igniter', ['igniter', 'ignitor', 'gas valve', 'ateşleyici', 'buji', 'gaz valf']],
  ['installation', ['installation', 'levelling', 'leveling', 'kurulum', 'montaj', 'terazi']],
  ['user_error', ['user error', 'misuse', 'kullanıcı hata', 'yanlış kullanım']],
];

const PATTERNS: [ProblemCategory, RegExp][] = STEMS.map(([category, stems]) => [
  category,
  // Word start, then the stem; stems are plain letters and spaces (no backtracking beyond the stem).
  new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${stems.map((s) => turkishLower(s)).join('|')})`, 'u'),
]);

/** The component category a technician's text names, or undefined when it names none. */
export function problemCategoryFromText(...texts: (string | null | undefined)[]): ProblemCategory | undefined {
  const text = turkishLower(texts.filter((t): t is string => typeof t === 'string').join(' \n '));
  if (text.trim() === '') {
    return undefined;
  }
  for (const [category, pattern] of PATTERNS) {
    if (pattern.test(text)) {
      return category;
    }
  }
  return undefined;
}
