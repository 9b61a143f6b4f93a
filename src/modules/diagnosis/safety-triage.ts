/** Hazards that put safety instructions first, whatever else the customer describes. */
const HAZARDS: { hazard: string; pattern: RegExp; warning: string; unless?: RegExp }[] = [
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
    // not a hazard (a gas smell still is, by its own rule).
    unless: /\b(ignit\w*|electrodes?)\b(?![^.!?]*\b(?:shock|socket|plug|wall|cable|smoke)\b)/i,
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

/** Looks for hazards in the customer's words; runs before anything else in a diagnosis. */
export function triageSafety(text: string): SafetyTriage {
  const found = HAZARDS.filter((h) => h.pattern.test(text) && !(h.unless?.test(text) ?? false));
  return { hazards: found.map((h) => h.hazard), warnings: found.map((h) => h.warning) };
}
