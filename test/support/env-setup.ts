// Runs before each e2e file's imports: the app reads its configuration from process.env.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.RATE_LIMIT_ENABLED ??= 'false';
// A pooled connection is (re)opened mid-test after the pool's 10 s idle timeout (e.g. after a model load). The one
// spurious 503 DATABASE_UNAVAILABLE seen in CI (contract suite, while the other jest worker loaded the model and
// bulk-imported on 2 cores) most likely was such an opening outlasting the production default of 5 s; unconfirmed, as
// nothing was logged then (e2e apps now keep their warnings: TestApp.serverLog). Suites about the timeout set their own.
process.env.DB_CONNECT_TIMEOUT_MS ??= '20000';
process.env.JWT_SECRET_KEY ??= 'test-jwt-secret-key-that-is-long-enough-0123456789';
process.env.ENCRYPTION_KEY ??= 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
