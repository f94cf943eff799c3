import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateBindingDto, ListBindingsQuery, RejectBindingDto } from './binding.dto';
import { BindingsService } from './bindings.service';

@ApiTags('house-bindings') @ApiBearerAuth()
@Controller()
export class BindingsController {
  constructor(private readonly bindings: BindingsService) {}

  @Roles('owner') @Post('me/houses')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateBindingDto) {
    return this.bindings.create(user, dto);
  }

  /** The owner ends their own binding (moved out) or withdraws an application. */
  @Roles('owner') @Delete('me/houses/:id')
  endOwn(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.bindings.end(user, id);
  }

  @Roles('agent', 'supervisor', 'admin') @Get('house-bindings')
  list(@CurrentUser() user: AuthUser, @Query() query: ListBindingsQuery) {
    return this.bindings.list(user, query);
  }

  @Roles('agent', 'supervisor', 'admin') @Post('house-bindings/:id/approve') @HttpCode(200)
  approve(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.bindings.decide(user, id, 'approved');
  }

  @Roles('agent', 'supervisor', 'admin') @Post('house-bindings/:id/reject') @HttpCode(200)
  reject(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: RejectBindingDto) {
    return this.bindings.decide(user, id, 'rejected', dto.reason ?? null);
  }

  /** Staff end an approved binding: the owner moved out, sold the house, a tenancy ended. */
  @Roles('agent', 'supervisor', 'admin') @Post('house-bindings/:id/revoke') @HttpCode(200)
  revoke(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.bindings.end(user, id);
  }
}
