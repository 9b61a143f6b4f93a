import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsModule } from '../users/credentials/credentials.module';
import { JwtStrategy } from './jwt.strategy';
import { TokenService } from './token.service';
import { CredentialThrottlerGuard } from './credential-throttler.guard';

@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule, CredentialsModule],
  controllers: [AuthController],
  providers: [AuthService, TokenService, JwtStrategy, CredentialThrottlerGuard],
  exports: [TokenService, CredentialThrottlerGuard],
})
export class AuthModule {}
