import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { OwnersService } from './owners.service';

@ApiTags('owners') @ApiBearerAuth()
@Controller('owners')
export class OwnersController {
  constructor(private readonly owners: OwnersService) {}

  /** An owner's account stopped: its tokens void at once, WeChat sign-in refused. Someone not an owner: 404. */
  @Roles('admin') @Post(':id/disable') @HttpCode(200)
  disable(@Param('id', UuidParamPipe) id: string) {
    return this.owners.setDisabled(id, true);
  }

  @Roles('admin') @Post(':id/enable') @HttpCode(200)
  enable(@Param('id', UuidParamPipe) id: string) {
    return this.owners.setDisabled(id, false);
  }
}
