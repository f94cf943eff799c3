import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@wuye/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { User } from '../users/user.entity';
import { IS_PUBLIC, ROLES } from './auth.decorators';

/**
 * Global guard: verifies the bearer token, reloads the user (so role and community changes apply at
 * once) and checks the route's @Roles. Per-record access is decided in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: unknown = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw new AppException('UNAUTHENTICATED');
    let sub: string;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(header.slice(7)));
    } catch {
      throw new AppException('TOKEN_INVALID');
    }
    const user = await this.db.getRepository(User).findOneBy({ id: sub });
    if (!user) throw new AppException('TOKEN_INVALID');
    req.user = { id: user.id, role: user.role, name: user.name, username: user.username, communityIds: user.communityIds };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw new AppException('FORBIDDEN');
    return true;
  }
}
