import { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { SECTION_CONFIGS, SectionName, validateEnvironment } from './configuration';

/**
 * Global, cached, validated configuration over these sections. `.env` is read except under NODE_ENV=test, so
 * a developer's .env never leaks into the test suite. Validation reports every bad variable, one line each.
 */
export function configFor(
  sections: readonly SectionName[],
  developmentKeys: ((env: Record<string, string | undefined>) => void) | undefined,
): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    ignoreEnvFile: process.env.NODE_ENV === 'test',
    load: sections.map((name) => SECTION_CONFIGS[name]),
    validate: (config: Record<string, unknown>) => {
      const env = config as Record<string, string | undefined>;
      developmentKeys?.(env);
      validateEnvironment(env, sections);
      return env;
    },
  });
}
