import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateCommunityDto, CreateHousesDto, ListHousesQuery, UpdateCommunityDto } from './community.dto';
import { CommunitiesService } from './communities.service';

@ApiTags('communities') @ApiBearerAuth()
@Controller('communities')
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Roles('admin') @Post()
  create(@Body() dto: CreateCommunityDto) {
    return this.communities.create(dto);
  }

  @Get()
  list() {
    return this.communities.list();
  }

  @Roles('admin') @Patch(':id')
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateCommunityDto) {
    return this.communities.update(id, dto);
  }

  @Roles('admin') @Post(':id/houses')
  createHouses(@Param('id', UuidParamPipe) id: string, @Body() dto: CreateHousesDto) {
    return this.communities.createHouses(id, dto);
  }

  @Get(':id/houses')
  listHouses(@Param('id', UuidParamPipe) id: string, @Query() query: ListHousesQuery) {
    return this.communities.listHouses(id, query);
  }

  @Get(':id/buildings')
  listBuildings(@Param('id', UuidParamPipe) id: string) {
    return this.communities.listBuildings(id);
  }
}
