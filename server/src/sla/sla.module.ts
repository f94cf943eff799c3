import { Module } from '@nestjs/common';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPolicyService } from './sla-policy.service';
import { SlaSweepService } from './sla-sweep.service';

@Module({
  controllers: [SlaPoliciesController],
  providers: [SlaSweepService, SlaPolicyService],
  exports: [SlaSweepService, SlaPolicyService],
})
export class SlaModule {}
