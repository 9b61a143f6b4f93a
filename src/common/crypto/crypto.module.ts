import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { cryptoConfig } from '../../config/configuration';
import { installKeyring } from './encrypted-columns';
import { FernetKeyring } from './fernet';

/**
 * The Fernet keyring (ENCRYPTION_KEY, then ENCRYPTION_KEYS_PREVIOUS), provided for injection and installed, once,
 * as the keys of the encrypted columns' transformers: the one place `installKeyring` is called (the app, the
 * worker and the command-line tools' application contexts all import this module).
 */
@Global()
@Module({
  providers: [
    {
      provide: FernetKeyring,
      inject: [cryptoConfig.KEY],
      useFactory: (config: ConfigType<typeof cryptoConfig>): FernetKeyring => {
        const ring = new FernetKeyring(config.encryptionKey, config.encryptionPreviousKeys);
        installKeyring(ring);
        return ring;
      },
    },
  ],
  exports: [FernetKeyring],
})
export class CryptoModule {}
