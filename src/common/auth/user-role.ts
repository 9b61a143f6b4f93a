export const USER_ROLES = ['user', 'technician', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
