import { foldForMatching, triageSafety } from './safety-triage';

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

describe('triageSafety by situation, in English and Turkish', () => {
  it.each([
    // The reports, word for word.
    ['Fırının yanında gaz kokusu var, düğmeyi çevirince artıyor', 'gas'],
    ['water is leaking under the washing machine and reaching the power socket behind it', 'water_near_electrics'],
    // Gas: the gas and a smell or a leak, with Turkish suffixes.
    ['Mutfakta gaz kokuyor', 'gas'],
    ['Ocağın arkasından gaz kaçağı var galiba', 'gas'],
    ['Doğalgaz sızıntısı olabilir, koku geliyor', 'gas'],
    ['tüpten gaz sızıyor', 'gas'],
    ['it smells like propane near the cooker', 'gas'],
    ['Çürük yumurta gibi bir koku var', 'gas'],
    ['KARBONMONOKSİT alarmı çalıyor', 'carbon_monoxide'],
    ['CO alarmı ötüyor', 'carbon_monoxide'],
    ['Kurutma makinesinden duman çıkıyor', 'smoke_or_fire'],
    ['Mikrodalganın içi alev aldı', 'smoke_or_fire'],
    ['Fırında yangın çıktı', 'smoke_or_fire'],
    ['Çamaşır makinesinden yanık kokusu geliyor', 'burning'],
    ['Fişin ucu erimiş', 'burning'],
    ['Motor yandı, kablo kokusu var', 'burning'],
    ['Prizden kıvılcım çıktı', 'sparks'],
    ['Buzdolabına dokununca elektrik çarpıyor', 'sparks'],
    ['Makinenin kapağında akım var', 'sparks'],
    ['Kaçak akım rölesi atıyor', 'sparks'],
    // Water near anything electrical, in either order, any distance within the sentence.
    ['Su prize doğru akıyor', 'water_near_electrics'],
    ['Prizin yanında su birikti', 'water_near_electrics'],
    ['Bulaşık makinesinin altından su sızıyor ve uzatma kablosu ıslandı', 'water_near_electrics'],
    ['Fişe su değdi', 'water_near_electrics'],
    ['The extension cord behind the fridge is sitting in a puddle', 'water_near_electrics'],
    // Consonant softening (yanık → yanığı) and a negation that belongs to the next clause.
    ['Bulaşık makinesi çalışırken plastik yanığı kokusu var', 'burning'],
    ['GAZ KOKUSU VAR OCAK YANMIYOR', 'gas'],
    ['Water is dripping onto the fuse box from the dishwasher', 'water_near_electrics'],
  ])('flags %p as %s', (text, hazard) => {
    expect(triageSafety(text).hazards).toContain(hazard);
  });

  it.each([
    // Negated.
    'Gaz kokusu yok ama ocak yanmıyor',
    'Hiç gaz kokusu yok',
    'There is no smell of gas, the burner just will not light',
    'It does not smell of gas',
    'Duman yok, sadece ses yapıyor',
    'Gaz kokmuyor, alev çok küçük',
    'Gaz kokusu gelmiyor ama ocak yanmıyor',
    'The burner flame keeps going out on the hob',
    // Gas without a smell or a leak; a lamp that "yanıyor" (is on); blinking.
    'Doğalgazlı kombi su ısıtmıyor',
    'Kırmızı ışık yanıyor ve makine çalışmıyor',
    'E18 hatası yanıp sönüyor',
    'Ocakta alev yanmıyor',
    // Water with no electrics: plugs, outlets and kettles that are not the mains.
    'Çamaşır makinesi suyu boşaltmıyor',
    'Bulaşık makinesinin içinde su kalıyor',
    'Water stays in the drum, I checked the drain plug',
    'the water outlet hose is leaking a little',
    'Elektrikli su ısıtıcısı su sızdırıyor',
    'the washer shakes, maybe the shock absorbers are worn',
    // Turkish letters typed any way.
    'BULAŞIK MAKİNESİ ÇALIŞMIYOR',
    'bulasik makinesi calismiyor',
  ])('raises no alarm for %p', (text) => {
    expect(triageSafety(text).hazards).toEqual([]);
  });

  it('folds Turkish I/İ/ı/i alike, whichever case or locale wrote them', () => {
    expect(foldForMatching('PRİZ PRIZ priz prız')).toBe('priz priz priz priz');
    expect(foldForMatching('KIVILCIM ŞOK ĞÜÖÇ')).toBe('kivilcim sok guoc');
    expect(triageSafety('PRİZİN YANINDA SU VAR').hazards).toEqual(['water_near_electrics']);
    expect(triageSafety('PRIZIN YANINDA SU VAR').hazards).toEqual(['water_near_electrics']);
  });

  it('counts a hazard negated in one sentence and affirmed in another', () => {
    expect(triageSafety('Gaz kokusu yok. Ama şimdi duman çıkıyor!').hazards).toEqual(['smoke_or_fire']);
  });
});
