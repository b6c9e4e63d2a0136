import { Global, Module } from '@nestjs/common';
import { REPOSITORY_PROVIDERS } from './repositories.provider';
import { WalCheckpointer } from './wal-checkpointer';

@Global()
@Module({ providers: [...REPOSITORY_PROVIDERS, WalCheckpointer], exports: REPOSITORY_PROVIDERS })
export class RepositoriesModule {}
