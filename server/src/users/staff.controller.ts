import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CreateStaffDto, ListStaffQuery } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff') @ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Roles('admin') @Post()
  create(@Body() dto: CreateStaffDto) {
    return this.staff.create(dto);
  }

  @Roles('agent', 'supervisor', 'admin') @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListStaffQuery) {
    return this.staff.list(user, query);
  }
}
