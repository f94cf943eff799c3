import { Module } from '@nestjs/common';
import { SlaPolicyService } from './sla-policy.service';
import { SlaSweepService } from './sla-sweep.service';

@Module({ providers: [SlaSweepService, SlaPolicyService], exports: [SlaSweepService, SlaPolicyService] })
export class SlaModule {}
