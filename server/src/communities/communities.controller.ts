import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateCommunityDto, CreateHousesDto, ListHousesQuery, UpdateCommunityDto, UpdateHouseDto } from './community.dto';
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

  @Roles('admin') @Patch(':id/houses/:houseId')
  updateHouse(@Param('id', UuidParamPipe) id: string, @Param('houseId', UuidParamPipe) houseId: string, @Body() dto: UpdateHouseDto) {
    return this.communities.updateHouse(id, houseId, dto);
  }

  @Roles('admin') @Delete(':id/houses/:houseId') @HttpCode(204)
  async deleteHouse(@Param('id', UuidParamPipe) id: string, @Param('houseId', UuidParamPipe) houseId: string): Promise<void> {
    await this.communities.deleteHouse(id, houseId);
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
