import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginFailures } from './login-failures';
import { UserCache } from './user-cache';
import { UserThrottlerGuard } from './user-throttler.guard';

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails, throwing) to
      // parse it as a PEM public key on every sign and verify — 8 % of a list request's CPU.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
        signOptions: { expiresIn: config.jwtTtlSeconds },
      }),
    }),
  ],
  controllers: [AuthController],
  // Order matters: the throttler counts per user, so it runs after the guard that identifies them.
  providers: [AuthService, LoginFailures, UserCache, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_GUARD, useClass: UserThrottlerGuard }],
  exports: [UserCache],
})
export class AuthModule {}
