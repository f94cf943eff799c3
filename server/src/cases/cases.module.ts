import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CaseActionsService } from './case-actions.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [SlaModule],
  controllers: [CasesController],
  providers: [CasesService, CaseActionsService],
  exports: [CasesService],
})
export class CasesModule {}
