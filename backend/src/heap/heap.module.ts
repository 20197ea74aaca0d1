import { Module } from '@nestjs/common';
import { HeapClient } from './heap-client';

@Module({
  providers: [HeapClient],
  exports: [HeapClient],
})
export class HeapModule {}
