import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { Clock } from './clock';
import { ShutdownDrain } from './shutdown-drain';

@Global()
@Module({ providers: [Clock, AccessService, ShutdownDrain], exports: [Clock, AccessService, ShutdownDrain] })
export class CommonModule {}
