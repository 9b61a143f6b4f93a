/**
 * The component taxonomy for `actual_problem_category`: what technicians found, counted in SQL by the
 * quality figures. Stable snake_case values; add new ones at the end.
 */
export const PROBLEM_CATEGORIES = [
  'drain_pump',
  'inlet_valve',
  'heating_element',
  'thermostat_sensor',
  'control_board',
  'door_lock_seal',
  'motor',
  'belt',
  'compressor',
  'fan',
  'ice_defrost',
  'water_leak_hose',
  'filter_blockage',
  'power_supply_wiring',
  'gas_valve_igniter',
  'installation',
  'user_error',
  'other',
] as const;

export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** How a category reads as a cause when technicians found it but the knowledge base did not list it. */
export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, string> = {
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
};
