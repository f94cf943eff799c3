import { Module } from '@nestjs/common';
import { SlaPolicyService } from '../sla/sla-policy.service';
import { CaseActionsService } from './case-actions.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController],
  providers: [CasesService, CaseActionsService, SlaPolicyService],
  exports: [CasesService],
})
export class CasesModule {}
