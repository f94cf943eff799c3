import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/auth.decorators';
import { BindingsService } from '../bindings/bindings.service';

@ApiTags('me') @ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bindings: BindingsService) {}

  @Get()
  async me(@CurrentUser() user: AuthUser) {
    const base = { id: user.id, role: user.role, name: user.name, username: user.username, communityIds: user.communityIds };
    return user.role === 'owner' ? { ...base, houses: await this.bindings.listForOwner(user.id) } : base;
  }
}
