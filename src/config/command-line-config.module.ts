import { DynamicModule, Module } from '@nestjs/common';
import { configFor } from './config-loader';
import { SectionName } from './configuration';
import { fillDevelopmentSecrets } from './dev-secrets';
import { cliLogger } from './logger-options';

/**
 * A command-line tool's configuration (its Nest application context): only the sections it uses, so it neither
 * needs nor validates the server's other settings. `developmentKeys`: whether it uses the server's development
 * keys when none is set, as the server would (a tool that writes data for another installation says no).
 */
@Module({})
export class CommandLineConfigModule {
  static forSections(sections: SectionName[], options: { developmentKeys: boolean }): DynamicModule {
    const warn = (line: string): void => cliLogger('Config').warn(line);
    // Only the keys of the sections it loads (a tool without auth needs no JWT key).
    const keys = [
      ...(sections.includes('auth') ? ['JWT_SECRET_KEY'] : []),
      ...(sections.includes('crypto') ? ['ENCRYPTION_KEY'] : []),
    ];
    const fill = (env: Record<string, string | undefined>): void => void fillDevelopmentSecrets(env, warn, keys);
    return {
      module: CommandLineConfigModule,
      imports: [configFor(sections, options.developmentKeys ? fill : undefined)],
    };
  }
}
