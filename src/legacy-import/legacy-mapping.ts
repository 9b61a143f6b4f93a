import { UserRole } from '../common/auth/user-role';
import { UserProfile } from '../modules/users/entities/user.entity';

/** A legacy `users` row as the Python backend stores it (see its app/models/user.py). */
export interface LegacyUser {
  id: string;
  email: string;
  username: string | null;
  hashed_password: string | null;
  full_name: string | null;
  address: string | null;
  phone: string | null;
  preferred_contact_method: string | null;
  skill_level: number | null;
  role: string | null;
  gdpr_consent: boolean | null;
  referral_source: string | null;
  age_verified: boolean | null;
  enterprise_id: string | null;
  branch_id: string | null;
  enterprise_role: string | null;
  employee_id: string | null;
  available_tools: unknown;
  owned_products: unknown;
  is_active: boolean | null;
  created_at: Date | null;
  updated_at: Date | null;
  google_id: string | null;
}

const TECHNICIAN_ROLES = new Set(['technician', 'senior_technician']);

/**
 * Our role for a legacy account: `role` admin stays admin; `enterprise_role` technician or
 * senior_technician becomes technician; everyone else is a user. `listed` is false only where nothing
 * was mapped (a plain user, or an admin with no enterprise role).
 */
export function mapRole(
  role: string | null,
  enterpriseRole: string | null,
): { to: UserRole; from: string; listed: boolean } {
  const legacyRole = role ?? 'user';
  const from = enterpriseRole ? `role=${legacyRole}, enterprise_role=${enterpriseRole}` : `role=${legacyRole}`;
  const to: UserRole =
    legacyRole === 'admin' ? 'admin' : enterpriseRole && TECHNICIAN_ROLES.has(enterpriseRole) ? 'technician' : 'user';
  return { to, from, listed: enterpriseRole !== null || legacyRole !== to };
}

const asList = (value: unknown): unknown[] | null => (Array.isArray(value) ? value : null);

/** The legacy profile fields we keep, and what we have no field for under `legacy`. */
export function profileOf(user: LegacyUser): UserProfile {
  const legacy: Record<string, unknown> = {};
  for (const key of ['role', 'enterprise_role', 'enterprise_id', 'branch_id', 'employee_id', 'google_id'] as const) {
    if (user[key] !== null && user[key] !== undefined) {
      legacy[key] = user[key];
    }
  }
  return {
    preferred_contact_method: user.preferred_contact_method,
    skill_level: user.skill_level,
    gdpr_consent: user.gdpr_consent,
    age_verified: user.age_verified,
    referral_source: user.referral_source,
    available_tools: asList(user.available_tools),
    owned_products: asList(user.owned_products),
    ...(Object.keys(legacy).length > 0 ? { legacy } : {}),
  };
}

/** The legacy images value (a JSON list of data URLs or bare base64), or why it is not one. */
export function parseImageList(plaintext: string): { images: string[] } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    return { error: 'not JSON' };
  }
  if (!Array.isArray(parsed) || parsed.some((entry) => typeof entry !== 'string')) {
    return { error: 'not a JSON list of strings' };
  }
  return { images: parsed as string[] };
}

/** Legacy nullable flags with the legacy model's defaults. */
export function withDefault(value: boolean | null, fallback: boolean): { value: boolean; defaulted: boolean } {
  return value === null ? { value: fallback, defaulted: true } : { value, defaulted: false };
}
