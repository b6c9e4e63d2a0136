import { Global, Module } from '@nestjs/common';
import { LinkingProducer } from './linking.producer';

@Global()
@Module({ providers: [LinkingProducer], exports: [LinkingProducer] })
export class LinkingModule {}
