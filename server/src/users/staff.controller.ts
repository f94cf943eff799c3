import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateStaffDto, ListStaffQuery, UpdateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff') @ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Roles('admin') @Post()
  create(@Body() dto: CreateStaffDto) {
    return this.staff.create(dto);
  }

  @Roles('admin') @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateStaffDto) {
    return this.staff.update(user, id, dto);
  }

  @Roles('agent', 'supervisor', 'admin') @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListStaffQuery) {
    return this.staff.list(user, query);
  }
}
