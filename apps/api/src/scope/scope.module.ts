import { Global, Module } from '@nestjs/common';
import { BureauScopeService } from './bureau-scope.service';

@Global()
@Module({ providers: [BureauScopeService], exports: [BureauScopeService] })
export class ScopeModule {}
