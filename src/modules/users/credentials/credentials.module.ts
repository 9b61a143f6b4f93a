import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** Password hashing and login sessions, shared by Auth (log in) and Users (change password, delete). */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity])],
  providers: [PasswordHasher, RefreshTokensRepository],
  exports: [PasswordHasher, RefreshTokensRepository],
})
export class CredentialsModule {}
