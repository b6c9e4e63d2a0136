import { Global, Module } from '@nestjs/common';
import { BureauScopeService } from './bureau-scope.service';
import { BureauTreeCache } from './bureau-tree.cache';

@Global()
@Module({ providers: [BureauScopeService, BureauTreeCache], exports: [BureauScopeService] })
export class ScopeModule {}
