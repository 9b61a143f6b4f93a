import { Global, Inject, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { cryptoConfig } from '../../config/configuration';
import { installKeyring } from './encrypted-columns';
import { FernetKeyring } from './fernet';

/** Installs the Fernet keyring (ENCRYPTION_KEY, then ENCRYPTION_KEYS_PREVIOUS) for the column transformers. */
@Global()
@Module({})
export class CryptoModule {
  constructor(@Inject(cryptoConfig.KEY) config: ConfigType<typeof cryptoConfig>) {
    installKeyring(new FernetKeyring(config.encryptionKey, config.encryptionPreviousKeys));
  }
}
