// Runs before each e2e file's imports: the app reads its configuration from process.env.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.RATE_LIMIT_ENABLED ??= 'false';
process.env.JWT_SECRET_KEY ??= 'test-jwt-secret-key-that-is-long-enough-0123456789';
process.env.ENCRYPTION_KEY ??= 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
