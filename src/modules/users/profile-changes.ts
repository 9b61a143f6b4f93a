import { UserProfile } from './entities/user.entity';
import { ProfileFields } from './dto/profile-fields';

export interface ProfileColumns {
  username?: string | null;
  phone?: string | null;
  address?: string | null;
  profile?: UserProfile | null;
}

const PROFILE_KEYS = [
  'preferred_contact_method',
  'skill_level',
  'gdpr_consent',
  'age_verified',
  'referral_source',
  'available_tools',
  'owned_products',
] as const;

const text = (value: string | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null ? null : value.trim() || null;

/** Whether a body names any profile field (null counts: it clears). */
export function namesProfileField(dto: ProfileFields): boolean {
  return (['username', 'phone', 'address', ...PROFILE_KEYS] as const).some((key) => dto[key] !== undefined);
}

/**
 * The columns a profile body changes: a field left out stays as it is, null or empty text clears it.
 * `current` is the stored profile the JSON fields merge into (legacy extras under `legacy` are kept).
 */
export function profileChanges(dto: ProfileFields, current: UserProfile | null): ProfileColumns {
  const changes: ProfileColumns = {};
  for (const key of ['username', 'phone', 'address'] as const) {
    const value = text(dto[key]);
    if (value !== undefined) {
      changes[key] = value;
    }
  }
  const profile: UserProfile = { ...(current ?? {}) };
  let touched = false;
  for (const key of PROFILE_KEYS) {
    const value = dto[key];
    if (value === undefined) {
      continue;
    }
    touched = true;
    const cleaned = typeof value === 'string' ? text(value) : value;
    if (cleaned === null) {
      delete profile[key];
    } else {
      (profile as Record<string, unknown>)[key] = cleaned;
    }
  }
  if (touched) {
    changes.profile = profile;
  }
  return changes;
}
