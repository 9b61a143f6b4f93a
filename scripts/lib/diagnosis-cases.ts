/**
 * The labelled evaluation set of `npm run bench:diagnosis` (and, a few of them, of test/diagnosis):
 * what a customer writes, optionally a display photo rendered with the code (scripts/lib/appliance-scenes),
 * and what a technician would expect: the appliance kind, the code, the most likely cause in the
 * technicians' taxonomy (PROBLEM_CATEGORIES) and whether the message describes a hazard. Labels come
 * from the manufacturers' guidance on each fault, not from the knowledge base's output.
 */
export interface DiagnosisCase {
  text: string;
  /** A photo of the display showing this code, with the brand printed on the appliance. */
  photo?: { code: string; brand: string; style: 'text' | 'segment' };
  expected: {
    kind: string;
    code?: string;
    /** The cause a technician finds most often for this fault; omitted for hazards without a known fault. */
    top?: string;
    hazard: boolean;
  };
}

const c = (text: string, kind: string, code: string | undefined, top: string | undefined, hazard = false) => ({
  text,
  expected: { kind, ...(code ? { code } : {}), ...(top ? { top } : {}), hazard },
});
const photo = (
  text: string,
  shown: { code: string; brand: string; style: 'text' | 'segment' },
  kind: string,
  top: string,
): DiagnosisCase => ({ text, photo: shown, expected: { kind, code: shown.code, top, hazard: false } });

export const DIAGNOSIS_CASES: DiagnosisCase[] = [
  // Codes typed by the customer, with the brand
  c('My Bosch washing machine shows E18 and the water will not drain', 'washer', 'E18', 'filter_blockage'),
  c('Bosch washer F18 at the end of the wash, still full of water', 'washer', 'F18', 'filter_blockage'),
  c('Bosch Serie 6 washing machine says E17, no water comes in', 'washer', 'E17', 'user_error'),
  c('Our Siemens washer shows F16 and will not start', 'washer', 'F16', 'user_error'),
  c('Bosch washing machine displays F21 and the drum does not turn', 'washer', 'F21', 'motor'),
  c('Bosch washer E23, water in the bottom of the machine', 'washer', 'E23', 'water_leak_hose'),
  c('Bosch dishwasher E24, water left at the bottom', 'dishwasher', 'E24', 'filter_blockage'),
  c('Bosch dishwasher error E15 and it will not run', 'dishwasher', 'E15', 'water_leak_hose'),
  c('Bosch dishwasher shows E22, dishes come out dirty', 'dishwasher', 'E22', 'filter_blockage'),
  c('Bosch dishwasher E09 and the water is cold at the end', 'dishwasher', 'E09', 'heating_element'),
  c('Samsung washer shows 4C, it does not fill with water', 'washer', '4C', 'user_error'),
  c('Samsung washing machine 5E, water stays in the drum', 'washer', '5E', 'filter_blockage'),
  c('Samsung washer code UE during spin', 'washer', 'UE', 'user_error'),
  c('My Samsung washer shows dE and will not start', 'washer', 'dE', 'user_error'),
  c('Samsung washer Sd error, lots of foam', 'washer', 'Sd', 'user_error'),
  c('Samsung washing machine shows HE, washes are cold', 'washer', 'HE', 'heating_element'),
  c('Samsung fridge shows 22E, fridge getting warm', 'refrigerator', '22E', 'fan'),
  c('Samsung refrigerator error 33E and no ice', 'refrigerator', '33E', 'thermostat_sensor'),
  c('Samsung fridge freezer 84C, not cooling at all', 'refrigerator', '84C', 'compressor'),
  c('LG washing machine shows OE', 'washer', 'OE', 'filter_blockage'),
  c('LG washer IE error, no water', 'washer', 'IE', 'user_error'),
  c('LG washer says UE and stops spinning', 'washer', 'UE', 'user_error'),
  c('LG washer displays CL and none of the buttons work', 'washer', 'CL', 'user_error'),
  c('LG washer LE error, the drum will not turn', 'washer', 'LE', 'motor'),
  c('LG dryer d90 and clothes take forever to dry', 'dryer', 'd90', 'filter_blockage'),
  c('LG dishwasher OE and water left in the bottom', 'dishwasher', 'OE', 'filter_blockage'),
  c('LG dishwasher shows IE', 'dishwasher', 'IE', 'user_error'),
  c('LG fridge Er FF on the display, freezer warm', 'refrigerator', 'ErFF', 'fan'),
  c('Whirlpool washer F9 E1, long drain', 'washer', 'F9E1', 'filter_blockage'),
  c('Whirlpool washer shows F8E1, it will not fill', 'washer', 'F8E1', 'user_error'),
  c('Whirlpool dryer AF code, clothes still damp', 'dryer', 'AF', 'filter_blockage'),
  c('GE dishwasher shows C1 and does not drain', 'dishwasher', 'C1', 'filter_blockage'),
  c('GE oven F3 code, oven will not heat', 'oven', 'F3', 'thermostat_sensor'),
  c('GE range shows F2 and the oven gets too hot', 'oven', 'F2', 'control_board'),
  c('AEG washing machine shows E20', 'washer', 'E20', 'filter_blockage'),
  c('Electrolux washer E10 no water intake', 'washer', 'E10', 'user_error'),
  c('Electrolux dishwasher i20, water not draining', 'dishwasher', 'i20', 'filter_blockage'),
  c('Miele washing machine F11 drainage fault', 'washer', 'F11', 'filter_blockage'),
  c('Miele washer F53, drum does not turn', 'washer', 'F53', 'motor'),
  c('Beko washing machine error E03, not draining', 'washer', 'E03', 'filter_blockage'),
  c('Haier washer ERR2 displayed', 'washer', 'ERR2', 'filter_blockage'),
  c('Haier air conditioner shows H20', 'air_conditioner', 'H20', 'drain_pump'),
  c('Hotpoint washing machine F05, not draining', 'washer', 'F05', 'filter_blockage'),
  c('Indesit washer F06 and the door will not lock', 'washer', 'F06', 'door_lock_seal'),
  c('Indesit dishwasher A5 flashing', 'dishwasher', 'A5', 'filter_blockage'),
  c('The air conditioner shows U0 and blows warm air', 'air_conditioner', 'U0', 'compressor'),
  c('Air con indoor unit A3 error and dripping', 'air_conditioner', 'A3', 'drain_pump'),
  c('Air conditioner E6 error, outdoor unit not running', 'air_conditioner', 'E6', 'compressor'),

  // Symptoms only, no code
  c('My washing machine will not drain, the drum is full of water', 'washer', undefined, 'filter_blockage'),
  c('Washer does not fill with water when I start a programme', 'washer', undefined, 'user_error'),
  c('The washing machine shakes and walks across the floor when spinning', 'washer', undefined, 'user_error'),
  c('Washing machine makes a loud grinding noise when the drum turns', 'washer', undefined, 'user_error'),
  c('Water is leaking from under the washing machine', 'washer', undefined, 'water_leak_hose'),
  c('The washer door will not open after the wash', 'washer', undefined, 'door_lock_seal'),
  c('My washing machine is completely dead, no lights at all', 'washer', undefined, 'power_supply_wiring'),
  c('Tumble dryer runs but does not heat up', 'dryer', undefined, 'heating_element'),
  c('The dryer takes three cycles to dry a load', 'dryer', undefined, 'filter_blockage'),
  c('Dryer makes a squeaking thumping noise', 'dryer', undefined, 'belt'),
  c('Dishwasher leaves water in the bottom and does not drain', 'dishwasher', undefined, 'filter_blockage'),
  c('My dishwasher leaves the dishes dirty and gritty', 'dishwasher', undefined, 'filter_blockage'),
  c('The dishwasher is leaking onto the kitchen floor', 'dishwasher', undefined, 'water_leak_hose'),
  c('Dishwasher does not fill with water', 'dishwasher', undefined, 'user_error'),
  c('The fridge is not cooling properly, food getting warm', 'refrigerator', undefined, 'installation'),
  c('Thick ice build-up at the back of the freezer', 'refrigerator', undefined, 'ice_defrost'),
  c('The fridge fan is very noisy, rattling from the back', 'refrigerator', undefined, 'fan'),
  c('The fridge keeps clicking and the compressor does not start', 'refrigerator', undefined, 'compressor'),
  c('The oven takes ages to heat and does not get hot enough', 'oven', undefined, 'heating_element'),
  c('Oven door stays locked after cleaning', 'oven', undefined, 'door_lock_seal'),
  c('The gas hob will not ignite on one burner', 'hob', undefined, 'gas_valve_igniter'),
  c('One zone of the induction hob does not heat', 'hob', undefined, 'heating_element'),
  c('Microwave runs and the plate turns but the food stays cold', 'microwave', undefined, 'heating_element'),
  c('My microwave is completely dead', 'microwave', undefined, 'power_supply_wiring'),
  c('Air conditioner is running but not cooling the room', 'air_conditioner', undefined, 'compressor'),
  c('The air conditioner is dripping water from the indoor unit', 'air_conditioner', undefined, 'drain_pump'),
  c('Air conditioner fan not running', 'air_conditioner', undefined, 'fan'),

  // Photos of the display, the customer describes the symptom only
  photo(
    'It stopped in the middle of the programme',
    { code: 'E18', brand: 'BOSCH', style: 'text' },
    'washer',
    'filter_blockage',
  ),
  photo(
    'My washing machine stopped with water inside',
    { code: 'E18', brand: 'BOSCH', style: 'segment' },
    'washer',
    'filter_blockage',
  ),
  photo(
    'The dishwasher stopped and beeps',
    { code: 'E24', brand: 'BOSCH', style: 'segment' },
    'dishwasher',
    'filter_blockage',
  ),
  photo('Washing machine stopped, see the photo', { code: 'F21', brand: 'BOSCH', style: 'text' }, 'washer', 'motor'),
  photo(
    'My washer shows this and will not start',
    { code: '4C', brand: 'SAMSUNG', style: 'segment' },
    'washer',
    'user_error',
  ),
  photo('Washer stopped with this code', { code: '5E', brand: 'SAMSUNG', style: 'text' }, 'washer', 'filter_blockage'),
  photo(
    'The washing machine will not finish the spin',
    { code: 'UE', brand: 'SAMSUNG', style: 'segment' },
    'washer',
    'user_error',
  ),
  photo('Washer stopped mid cycle', { code: 'dE', brand: 'SAMSUNG', style: 'segment' }, 'washer', 'user_error'),
  photo(
    'This showed up on my washing machine',
    { code: 'OE', brand: 'LG', style: 'segment' },
    'washer',
    'filter_blockage',
  ),
  photo('My washer shows this code', { code: 'IE', brand: 'LG', style: 'text' }, 'washer', 'user_error'),
  photo(
    'Washing machine beeping with this',
    { code: 'PE', brand: 'LG', style: 'segment' },
    'washer',
    'thermostat_sensor',
  ),
  photo(
    'The washing machine stopped draining',
    { code: 'F9E1', brand: 'Whirlpool', style: 'text' },
    'washer',
    'filter_blockage',
  ),
  photo('The washer shows this error', { code: 'E20', brand: 'AEG', style: 'segment' }, 'washer', 'filter_blockage'),
  photo(
    'Washing machine error on the display',
    { code: 'F11', brand: 'Miele', style: 'text' },
    'washer',
    'filter_blockage',
  ),
  photo(
    'Washer does not drain, code in the picture',
    { code: 'F53', brand: 'Miele', style: 'text' },
    'washer',
    'motor',
  ),

  // Hazards: safety first, whatever else
  c('I can smell gas near the hob and it will not light', 'hob', undefined, 'gas_valve_igniter', true),
  c('There is a strong smell of gas when the oven is on', 'oven', undefined, undefined, true),
  c('Smells like rotten eggs around the cooker', 'oven', undefined, undefined, true),
  c('There is a burning smell from the tumble dryer', 'dryer', undefined, 'filter_blockage', true),
  c('Burning smell from the washing machine during spin', 'washer', undefined, 'motor', true),
  c('The microwave is sparking inside', 'microwave', undefined, 'other', true),
  c('Sparks came out of the back of the fridge', 'refrigerator', undefined, undefined, true),
  c('Smoke is coming out of the oven door', 'oven', undefined, undefined, true),
  c('The dishwasher started smoking at the control panel', 'dishwasher', undefined, undefined, true),
  c('I got an electric shock touching the washing machine', 'washer', undefined, undefined, true),
  c('Water is leaking from the washing machine towards the plug socket', 'washer', undefined, 'water_leak_hose', true),
  c('The dishwasher leaked and the extension lead is wet', 'dishwasher', undefined, 'water_leak_hose', true),
  c('The CO alarm went off when the oven was on', 'oven', undefined, undefined, true),
  c('Carbon monoxide detector beeping since we used the gas dryer', 'dryer', undefined, undefined, true),
  c('The plug of the dryer looks melted', 'dryer', undefined, undefined, true),
  c('Flames inside the microwave when heating soup', 'microwave', undefined, undefined, true),
  c('Samsung washer shows 3E and there is a burning smell', 'washer', '3E', 'motor', true),
  c('The fridge is leaking water near the socket behind it', 'refrigerator', undefined, undefined, true),

  // Ordinary faults with words that sound alarming but describe no hazard
  c('The gas hob igniter clicks but the burner does not light', 'hob', undefined, 'gas_valve_igniter'),
  c('The igniter sparks but the gas burner will not light', 'hob', undefined, 'gas_valve_igniter'),
  c('The dryer smells musty and the clothes are still damp', 'dryer', undefined, 'filter_blockage'),
  c('The washing machine leaves white powder marks on clothes', 'washer', undefined, undefined),
  c('Water on the floor in front of the dishwasher after every wash', 'dishwasher', undefined, 'water_leak_hose'),
  c('The fridge light works but it is warm inside', 'refrigerator', undefined, 'installation'),
  c('The oven light is off and the fan is loud', 'oven', undefined, undefined),
  c('The freezer door will not close properly because of ice', 'refrigerator', undefined, 'ice_defrost'),
];

/**
 * Held out: written after the knowledge base and the retrieval were tuned on DIAGNOSIS_CASES, and never
 * tuned on. The bench reports them separately: the honest estimate for messages nobody has seen.
 */
export const HELD_OUT_CASES: DiagnosisCase[] = [
  c('Siemens iQ500 washer keeps flashing E18', 'washer', 'E18', 'filter_blockage'),
  c('Our Samsung top loader says nF and just sits there', 'washer', 'nF', 'user_error'),
  c('LG front loader UE, it bangs around and then stops', 'washer', 'UE', 'user_error'),
  c('Hotpoint washing machine stuck on F05 with a drum full of water', 'washer', 'F05', 'filter_blockage'),
  c('Beko dishwasher error E02', 'dishwasher', 'E02', 'filter_blockage'),
  c('Electrolux dishwasher i10, no water going in', 'dishwasher', 'i10', 'user_error'),
  c('Miele dishwasher F11 at the end of the cycle', 'dishwasher', 'F11', 'filter_blockage'),
  c('Samsung dryer HE and the clothes come out cold', 'dryer', 'HE', 'heating_element'),
  c('LG dryer flashes d80', 'dryer', 'd80', 'filter_blockage'),
  c('Whirlpool dishwasher F8E1 and it will not fill', 'dishwasher', 'F8E1', 'user_error'),
  c('Haier washer shows UNB on the screen', 'washer', 'UNB', 'user_error'),
  c('Samsung fridge 21E, freezer not freezing', 'refrigerator', '21E', 'fan'),
  c('GE oven keeps giving an F9 code and the door is locked', 'oven', 'F9', 'door_lock_seal'),
  c('Bosch oven E115 and the kitchen is hot', 'oven', 'E115', 'control_board'),
  c('The split unit shows U4 and will not start', 'air_conditioner', 'U4', 'power_supply_wiring'),
  c('Laundry machine will not empty the water after the rinse', 'washer', undefined, 'filter_blockage'),
  c('Our tumble drier is blowing cold air only', 'dryer', undefined, 'heating_element'),
  c('Freezer has a thick layer of frost on the back wall', 'refrigerator', undefined, 'ice_defrost'),
  c('There is a pool of water under the fridge every morning', 'refrigerator', undefined, 'ice_defrost'),
  c('Glasses and plates come out of the dishwasher still dirty', 'dishwasher', undefined, 'filter_blockage'),
  c('The microwave hums and the turntable spins but nothing gets warm', 'microwave', undefined, 'heating_element'),
  c('Induction cooktop: the front left ring will not heat up', 'hob', undefined, 'heating_element'),
  c('The air con is dripping onto the carpet', 'air_conditioner', undefined, 'drain_pump'),
  c('Gas smell in the kitchen when the cooker is off', 'oven', undefined, undefined, true),
  c('Our washing machine caught fire during spin', 'washer', undefined, undefined, true),
  c('The fridge plug is hot and smells of burning plastic', 'refrigerator', undefined, undefined, true),
  c('Water dripping from the dishwasher onto the power strip', 'dishwasher', undefined, undefined, true),
  c('I felt a tingle when I touched the oven door', 'oven', undefined, undefined, true),
  c('The fridge hums quietly, is that normal? Everything stays cold', 'refrigerator', undefined, undefined),
  c('How do I clean the filter on my washing machine?', 'washer', undefined, undefined),
  c('The dryer is loud but works fine', 'dryer', undefined, undefined),
  // Added 2026-12-02 to reach the sizes, before any tuning on them (never tuned on).
  c('Pretty sure I can smell gas coming from behind the cooker', 'oven', undefined, undefined, true),
  c('The hob smells of gas even with every knob off', 'hob', undefined, undefined, true),
  c('Our carbon monoxide alarm went off after we used the oven', 'oven', undefined, undefined, true),
  c('Black smoke pouring out of the back of the fridge', 'refrigerator', undefined, undefined, true),
  c('The dishwasher caught fire during the dry cycle', 'dishwasher', undefined, undefined, true),
  c('Smell of burning plastic from the washing machine', 'washer', undefined, undefined, true),
  c('The oven cable has melted where it goes into the wall', 'oven', undefined, undefined, true),
  c('Blue sparks from the socket when I plug in the kettle and the microwave', 'microwave', undefined, undefined, true),
  c('Got a shock off the washing machine door', 'washer', undefined, undefined, true),
  c('Water from the dishwasher is running into the plug socket', 'dishwasher', undefined, undefined, true),
  c('The fridge leaked and the extension lead is soaking wet', 'refrigerator', undefined, undefined, true),
  c('Air conditioner dripping water straight onto the fuse board', 'air_conditioner', undefined, undefined, true),
  c('Washing machine takes ages to finish a cycle', 'washer', undefined, undefined),
  c('How do I reset the clock on my oven', 'oven', undefined, undefined),
  c('The fridge light flickers when I open the door', 'refrigerator', undefined, undefined),
  c('Dishwasher leaves a white film on the glasses', 'dishwasher', undefined, undefined),
  c('What is the eco programme on my washer for', 'washer', undefined, undefined),
  c('The dryer sheets leave marks on the clothes', 'dryer', undefined, undefined),
  c('The microwave display shows the wrong time', 'microwave', undefined, undefined),
  c('Is it normal that the air conditioner drips water outside', 'air_conditioner', undefined, undefined),
  c('The hob flame is a bit yellow, no gas smell at all', 'hob', undefined, undefined),
];
