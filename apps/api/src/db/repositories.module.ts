import { Global, Module } from '@nestjs/common';
import { REPOSITORY_PROVIDERS } from './repositories.provider';

@Global()
@Module({ providers: REPOSITORY_PROVIDERS, exports: REPOSITORY_PROVIDERS })
export class RepositoriesModule {}
