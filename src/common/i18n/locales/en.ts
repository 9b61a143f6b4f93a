/**
 * English replies: whole sentences per key; only codes, names and numbers are filled in ({{…}}). The
 * Turkish catalogue (tr.ts) has the same keys (a unit test checks).
 */
export const en = {
  safety: {
    first: '⚠️ Safety first: {{warnings}}',
    gas: 'Gas smell: do not use switches, plugs or flames. Turn off the gas supply at the meter if you can, open doors and windows, leave the building and call the gas emergency line from outside.',
    carbon_monoxide:
      'Carbon monoxide alarm: turn off gas appliances, open windows, get everyone outside into fresh air and call the emergency line. Seek medical help for headaches or dizziness.',
    smoke_or_fire:
      'Smoke or fire: switch the appliance off at the wall or fuse box only if it is safe to reach, keep the door closed, leave and call the fire service if it does not stop at once.',
    burning:
      'Burning smell: stop the appliance and switch it off at the socket or fuse box. Do not use it again until a technician has checked it.',
    sparks:
      'Sparks or shocks: do not touch the appliance. Switch it off at the fuse box, then unplug it. Do not use it again until a technician has checked it.',
    water_near_electrics:
      'Water near electrics: do not touch the plug or the appliance while standing in water. Switch the circuit off at the fuse box first, then unplug, and turn the water supply off.',
  },
  reply: {
    no_match:
      'I could not match this to a known fault yet. A photo of the display showing the error code, or of the rating plate (model number), would help me narrow it down.',
    code_means: '{{code}} means: {{title}}.',
    most_likely: 'Most likely: {{causes}}.',
    cause: '{{title}} ({{percent}}%)',
    try_this: 'What you can try: {{steps}}',
    technician: 'I recommend a technician visit: {{reason}}',
  },
  technician: {
    hazard_no_match: 'A safety hazard was described: a technician must check the appliance.',
    hazard: 'A safety hazard was described: a technician must check the appliance before it is used again.',
    danger: 'This fault involves parts that are dangerous to handle (high voltage or overheating).',
    usually: '"{{title}}" usually needs a technician and a replacement part.',
  },
  category: {
    drain_pump: 'Drain pump fault',
    inlet_valve: 'Water inlet valve fault',
    heating_element: 'Heating element fault',
    thermostat_sensor: 'Thermostat or sensor fault',
    control_board: 'Control board fault',
    door_lock_seal: 'Door lock or seal fault',
    motor: 'Motor fault',
    belt: 'Drive belt fault',
    compressor: 'Compressor or sealed-system fault',
    fan: 'Fan fault',
    ice_defrost: 'Ice build-up or defrost fault',
    water_leak_hose: 'Leaking hose or connection',
    filter_blockage: 'Blocked filter',
    power_supply_wiring: 'Power supply or wiring fault',
    gas_valve_igniter: 'Gas valve or igniter fault',
    installation: 'Installation problem',
    user_error: 'Operating error (no fault)',
    other: 'Another fault',
  },
  evidence: {
    code_photo: 'code {{code}} read from photo {{photo}}',
    code_message: 'code {{code}} in your message',
    brand: '{{brand}} appliance',
    words: 'your words: {{words}}',
    confirmed_one: 'confirmed by {{count}} technician visit',
    confirmed_other: 'confirmed by {{count}} technician visits',
  },
  reading: {
    code_brand: 'I can read the error code {{codes}} on the display of your {{brands}} appliance.',
    code: 'I can read the error code {{codes}} on the display of the appliance.',
    brand_no_code: 'I can see this is a {{brands}} appliance, but I could not read an error code.',
    no_code: 'I could not read an error code in the photos.',
    model: 'Model number: {{models}}.',
    serial: 'Serial number: {{serials}}.',
  },
};

export type Catalogue = typeof en;
