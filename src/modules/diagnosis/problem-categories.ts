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
