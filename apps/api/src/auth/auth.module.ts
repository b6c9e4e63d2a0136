import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { IdentityRecheckInterceptor } from './identity-recheck.interceptor';
import { SharedThrottlerStorage } from './shared-throttler.storage';
import { loginAccountOf } from './login-account.util';
import { JWT_ALGORITHM, TokenAuthService } from './token-auth.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // One KeyObject for the process: given a string, jsonwebtoken first tries (and fails) to read it
        // as a public key on every verification, which was 8% of the task list's CPU under load.
        const key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.auth.jwtTtlSeconds, algorithm: JWT_ALGORITHM },
          verifyOptions: { algorithms: [JWT_ALGORITHM] },
        };
      },
    }),
    // Login attempts per client address and per account, counted once across the API's processes
    // (SharedThrottlerStorage). The address is the socket's unless TRUST_PROXY names the proxy in front;
    // the account limit holds however many addresses an attacker has.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'address', ttl: 60_000, limit: config.auth.loginRateLimit },
          { name: 'account', ttl: 15 * 60_000, limit: config.auth.loginAccountRateLimit, getTracker: loginAccountOf },
        ],
        storage: new SharedThrottlerStorage(),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenAuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: IdentityRecheckInterceptor },
  ],
  exports: [TokenAuthService],
})
export class AuthModule {}
