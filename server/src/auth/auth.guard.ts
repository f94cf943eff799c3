import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@wuye/shared';
import { AppException } from '../common/app.exception';
import { HotStatements } from '../database/hot-statements';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './auth.decorators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A token's `ver` as `users.session_version` can hold it (an integer column). */
const isSessionVersion = (ver: unknown): ver is number => Number.isInteger(ver) && (ver as number) >= 0 && (ver as number) <= 2 ** 31 - 1;

/**
 * Global guard: verifies the bearer token, reloads the user (so role and community changes apply at
 * once) and checks the route's @Roles. Per-record access is decided in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly hot: HotStatements,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: unknown = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw new AppException('UNAUTHENTICATED');
    let sub: string;
    let ver: unknown;
    try {
      ({ sub, ver = 0 } = await this.jwt.verifyAsync<{ sub: string; ver?: unknown }>(header.slice(7)));
    } catch {
      throw new AppException('TOKEN_INVALID');
    }
    // Read fresh on every request, so a changed role or community, a stopped account or a reset
    // password applies at once; one indexed statement without entity mapping. A `sub` that is not a
    // uuid is a forged token, not a 500.
    if (typeof sub !== 'string' || !UUID.test(sub) || !isSessionVersion(ver)) throw new AppException('TOKEN_INVALID');
    const [row] = await this.hot.query<AuthUser & { stopped: boolean; current: boolean }>(
      `SELECT id, role, name, username, community_ids AS "communityIds",
              disabled_at IS NOT NULL AND session_version = $2 + 1 AS stopped, session_version = $2 AS current
       FROM users WHERE id = $1`, [sub, ver]);
    // A stopped account's devices are told so (the token is genuine, and of the session the stop
    // ended: a stop raises the version by one), so the person reads 账号已停用 rather than an expired
    // sign-in; a token cut off earlier (a reset password) learns nothing of a later stop.
    if (row?.stopped) throw new AppException('ACCOUNT_DISABLED');
    if (!row?.current) throw new AppException('TOKEN_INVALID');
    const { stopped: _stopped, current: _current, ...user } = row;
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw new AppException('FORBIDDEN');
    return true;
  }
}
