import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { SetSlaPolicyDto } from './sla-policy.dto';
import { SlaPolicyService } from './sla-policy.service';

@ApiTags('sla') @ApiBearerAuth()
@Controller('communities/:id/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPolicyService) {}

  /** The policy in force for every type × urgency (overrides and defaults). */
  @Roles('agent', 'supervisor', 'admin') @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.policies.list(user, id);
  }

  /** Set one type × urgency for the community; applies to cases created afterwards. */
  @Roles('supervisor', 'admin') @Put()
  set(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: SetSlaPolicyDto) {
    return this.policies.set(user, id, dto);
  }
}
