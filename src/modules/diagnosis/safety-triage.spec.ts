import { triageSafety } from './safety-triage';

describe('triageSafety', () => {
  it.each([
    ['I can smell gas near the oven', 'gas'],
    ['there is a rotten egg smell from the hob', 'gas'],
    ['our CO alarm keeps going off since the boiler', 'carbon_monoxide'],
    ['the dryer is smoking', 'smoke_or_fire'],
    ['flames inside the microwave', 'smoke_or_fire'],
    ['burning smell from the washer', 'burning'],
    ['the plug looks melted', 'burning'],
    ['sparks came out of the microwave', 'sparks'],
    ['the door gave me an electric shock', 'sparks'],
    ['the igniter is sparking and I got a shock from the hob', 'sparks'],
    ['water is leaking onto the socket behind the dishwasher', 'water_near_electrics'],
    ['the extension lead is wet', 'water_near_electrics'],
  ])('flags %p as %s', (text, hazard) => {
    const triage = triageSafety(text);
    expect(triage.hazards).toContain(hazard);
    expect(triage.warnings.length).toBe(triage.hazards.length);
  });

  it.each([
    'my washer shows E18 and will not drain',
    'the fridge is not cold enough and the light is on',
    'the dishwasher leaves water at the bottom',
    'my oven takes ages to heat up',
    'the gas hob ignites fine but one burner clicks',
    'spin cycle makes a loud noise',
    'the igniter sparks but the gas burner will not light',
  ])('raises no alarm for %p', (text) => {
    expect(triageSafety(text)).toEqual({ hazards: [], warnings: [] });
  });
});

describe('triageSafety on hostile text (linear work; bench:abuse measures the time)', () => {
  it('reads the whole message: a hazard after 100 KB of filler is still found', () => {
    expect(triageSafety(`${'the drum is noisy '.repeat(6000)}and now there is smoke`).hazards).toEqual([
      'smoke_or_fire',
    ]);
  });

  it('judges the igniter exception per sentence', () => {
    expect(triageSafety(`${'ignite '.repeat(14000)}sparks from the plug`).hazards).toEqual(['sparks']);
    expect(triageSafety('The igniter sparks. Sparks also come from the socket behind it.').hazards).toEqual(['sparks']);
    expect(triageSafety('The igniter sparks and the burner does not light.').hazards).toEqual([]);
  });
});
