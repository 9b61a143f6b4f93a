/** Hazards that put safety instructions first, whatever else the customer describes. */
interface Hazard {
  hazard: string;
  pattern: RegExp;
  warning: string;
  /** Not a hazard in a sentence that names `subject` with none of `unlessAfter` after it. */
  unless?: { subject: RegExp; unlessAfter: RegExp };
}

const HAZARDS: Hazard[] = [
  {
    hazard: 'gas',
    pattern: /\b(smell(?:s|ing)? (?:of )?gas|gas (?:smell|leak|odou?r)|smell(?:s)? like gas|rotten eggs?)\b/i,
    warning:
      'Gas smell: do not use switches, plugs or flames. Turn off the gas supply at the meter if you can, open doors and windows, leave the building and call the gas emergency line from outside.',
  },
  {
    hazard: 'carbon_monoxide',
    pattern: /\b(carbon monoxide|co (?:alarm|detector)|co2? alarm (?:is )?(?:going|beeping))\b/i,
    warning:
      'Carbon monoxide alarm: turn off gas appliances, open windows, get everyone outside into fresh air and call the emergency line. Seek medical help for headaches or dizziness.',
  },
  {
    hazard: 'smoke_or_fire',
    pattern: /\b(smok(?:e|ing|y)|fire|flames?|on fire)\b/i,
    warning:
      'Smoke or fire: switch the appliance off at the wall or fuse box only if it is safe to reach, keep the door closed, leave and call the fire service if it does not stop at once.',
  },
  {
    hazard: 'burning',
    pattern: /\b(burning|burnt|scorch(?:ed|ing)?|melting|melted)\b/i,
    warning:
      'Burning smell: stop the appliance and switch it off at the socket or fuse box. Do not use it again until a technician has checked it.',
  },
  {
    hazard: 'sparks',
    pattern: /\b(spark(?:s|ing|ed)?|arc(?:s|ing)|electric(?:al)? shock|shocked me|tingl(?:e|ing))\b/i,
    // A gas hob's igniter is meant to spark: "the igniter sparks but the burner will not light" is a fault,
    // not a hazard (a gas smell still is, by its own rule), unless the same sentence goes on to a shock,
    // a socket, a plug, a wall, a cable or smoke.
    unless: { subject: /\b(?:ignit\w*|electrodes?)\b/i, unlessAfter: /\b(?:shock|socket|plug|wall|cable|smoke)\b/gi },
    warning:
      'Sparks or shocks: do not touch the appliance. Switch it off at the fuse box, then unplug it. Do not use it again until a technician has checked it.',
  },
  {
    hazard: 'water_near_electrics',
    pattern:
      /\b(water|wet|leak(?:ing)?|flood(?:ed|ing)?)\b[^.!?]{0,40}\b(socket|plug|outlet|electrics|wiring|extension lead|power strip|cable)s?\b|\b(socket|plug|outlet|electrics|wiring|extension lead|power strip|cable)s?\b[^.!?]{0,40}\b(wet|water|flooded)\b/i,
    warning:
      'Water near electrics: do not touch the plug or the appliance while standing in water. Switch the circuit off at the fuse box first, then unplug, and turn the water supply off.',
  },
];

export interface SafetyTriage {
  hazards: string[];
  warnings: string[];
}

/** Sentences: split at . ! ? and line breaks, in one pass. */
function sentences(text: string): string[] {
  return text.split(/[.!?\n]/).filter((s) => s.trim() !== '');
}

function hazardIn(sentence: string, h: Hazard): boolean {
  if (!h.pattern.test(sentence)) {
    return false;
  }
  if (h.unless === undefined) {
    return true;
  }
  const subject = h.unless.subject.exec(sentence);
  if (subject === null) {
    return true;
  }
  let lastDanger = -1;
  for (const m of sentence.matchAll(h.unless.unlessAfter)) {
    lastDanger = m.index;
  }
  return lastDanger > subject.index;
}

/**
 * Looks for hazards in the customer's words, sentence by sentence over the whole text; runs before anything
 * else in a diagnosis. Linear in the text's length: each pattern is a plain alternation of words, or words
 * a bounded distance apart (the regexp lint rules refuse super-linear backtracking).
 */
export function triageSafety(text: string): SafetyTriage {
  const parts = sentences(text);
  const found = HAZARDS.filter((h) => parts.some((sentence) => hazardIn(sentence, h)));
  return { hazards: found.map((h) => h.hazard), warnings: found.map((h) => h.warning) };
}
