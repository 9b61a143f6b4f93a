import { ApplianceKind } from './knowledge-base';
import { foldForMatching } from './safety-triage';

const KIND_WORDS: [ApplianceKind, RegExp][] = [
  ['dishwasher', /\bdish ?washers?\b|\bdishes\b/i],
  ['dryer', /\b(tumble ?)?dryers?\b|\bdrier\b/i],
  ['washer', /\bwash(?:ing)? ?machines?\b|\bwashers?\b|\blaundry\b|\bwasher-dryer\b/i],
  ['refrigerator', /\bfridges?\b|\brefrigerators?\b|\bfreezers?\b|\bice ?makers?\b/i],
  ['microwave', /\bmicrowaves?\b/i],
  ['hob', /\bhobs?\b|\bcook ?tops?\b|\bburners?\b|\bstove ?tops?\b|\binduction\b/i],
  ['oven', /\bovens?\b|\branges?\b|\bcookers?\b/i],
  ['air_conditioner', /\bair ?con(?:ditioner|ditioning)?s?\b|\ba\/?c unit\b|\bsplit unit\b|\bheat pump\b/i],
  // Turkish, matched on folded text (foldForMatching: no Turkish letters, lower case): suffixes follow.
  ['dishwasher', /\bbulasik ?makine|\bbulasiklar/],
  ['dryer', /\bkurutma ?makine|\bkurutucu/],
  ['washer', /\bcamasir ?makine|\bcamasirlar/],
  ['refrigerator', /\bbuzdolab|\bbuz dolab|\bdondurucu|\bderin ?dondurucu|\bbuzluk/],
  ['microwave', /\bmikrodalga/],
  ['hob', /\boca[kg]|\binduksiyon|\bset ustu|\btup(?:u|un|ten|e)?\b/],
  ['oven', /\bfirin/],
  ['air_conditioner', /\bklima/],
  // "makine" alone is what Turkish customers call their washing machine; any other machine is named first.
  ['washer', /\bmakine/],
];

/** The appliance kind the customer names, first mention wins; undefined when none is named. */
export function detectKind(text: string): ApplianceKind | undefined {
  // Every pattern reads the folded text (lower case, no Turkish letters), so positions compare alike.
  const folded = foldForMatching(text);
  let best: { kind: ApplianceKind; at: number } | undefined;
  for (const [kind, pattern] of KIND_WORDS) {
    const match = pattern.exec(folded);
    if (match && (best === undefined || match.index < best.at)) {
      best = { kind, at: match.index };
    }
  }
  return best?.kind;
}
