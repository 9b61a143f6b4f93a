import { Module } from '@nestjs/common';
import { configFor } from './config-loader';
import { SECTION_NAMES } from './configuration';
import { fillDevelopmentSecrets } from './dev-secrets';

/**
 * The app's and the worker's configuration: every section; outside production a missing JWT_SECRET_KEY or
 * ENCRYPTION_KEY is the development key stored under DATA_DIR (see dev-secrets.ts).
 */
@Module({ imports: [configFor(SECTION_NAMES, (env) => fillDevelopmentSecrets(env))] })
export class AppConfigModule {}
