import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { loadConfig, type Env } from './config.loader';
import type { AppConfig } from './config.types';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated {@link AppConfig}. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  /** Provides `config` (validated by the entry point) or, without it, validates the process environment once. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadConfig(readProcessEnv()) }],
      exports: [APP_CONFIG],
    };
  }
}

/** The one place in luoshi that reads `process.env`. */
export function readProcessEnv(): Env {
  return process.env;
}
