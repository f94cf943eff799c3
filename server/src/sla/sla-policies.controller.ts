import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CASE_TYPES, URGENCIES, type CaseType, type Urgency } from '@wuye/shared';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { OneOfParamPipe } from '../common/one-of-param.pipe';
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

  /**
   * Returns one type × urgency to the SPEC default (removes the community's override; already the
   * default is fine). Applies to cases created afterwards. Answers the whole list, as GET does.
   */
  @Roles('supervisor', 'admin') @Delete(':type/:urgency')
  @ApiParam({ name: 'type', enum: CASE_TYPES }) @ApiParam({ name: 'urgency', enum: URGENCIES })
  reset(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('type', new OneOfParamPipe('type', CASE_TYPES)) type: CaseType,
    @Param('urgency', new OneOfParamPipe('urgency', URGENCIES)) urgency: Urgency,
  ) {
    return this.policies.reset(user, id, type, urgency);
  }
}
