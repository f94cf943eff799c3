import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { Clock } from './clock';

@Global()
@Module({ providers: [Clock, AccessService], exports: [Clock, AccessService] })
export class CommonModule {}
