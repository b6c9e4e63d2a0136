import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SharedThrottlerStorage } from './shared-throttler.storage';

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // One KeyObject for the process: given a string, jsonwebtoken first tries (and fails) to read it
        // as a public key on every verification, which was 8% of the task list's CPU under load.
        const key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key, signOptions: { expiresIn: config.auth.jwtTtlSeconds } };
      },
    }),
    // Login attempts per client address, counted once across the API's processes (SharedThrottlerStorage).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.auth.loginRateLimit }],
        storage: new SharedThrottlerStorage(),
        errorMessage: 'Too many login attempts; wait a minute (登录尝试过于频繁，请一分钟后再试)',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
