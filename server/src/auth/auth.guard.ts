import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@wuye/shared';
import { AppException } from '../common/app.exception';
import { HotStatements } from '../database/hot-statements';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { UserCache, type SignedInUser } from './user-cache';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A token's `ver` as `users.session_version` can hold it (an integer column). */
const isSessionVersion = (ver: unknown): ver is number => Number.isInteger(ver) && (ver as number) >= 0 && (ver as number) <= 2 ** 31 - 1;

/**
 * Global guard: verifies the bearer token, finds the user as stored now (so role and community
 * changes apply at once) and checks the route's @Roles. Per-record access is decided in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly hot: HotStatements,
    private readonly users: UserCache,
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
    // A changed role or community, a stopped account or a reset password applies at once: the user
    // is read from the database, or kept from an earlier request while every change to it is
    // announced to this process (user-cache.ts). A `sub` that is not a uuid is a forged token, not a 500.
    if (typeof sub !== 'string' || !UUID.test(sub) || !isSessionVersion(ver)) throw new AppException('TOKEN_INVALID');
    // A token newer than the kept row (a password changed on this or another replica, announced
    // but not yet heard here) is checked against the database, not refused.
    const kept = this.users.get(sub);
    const row = kept && kept.sessionVersion >= ver ? kept : await this.read(sub);
    // A stopped account's devices are told so (the token is genuine, and of the session the stop
    // ended: a stop raises the version by one), so the person reads 账号已停用 rather than an expired
    // sign-in; a token cut off earlier (a reset password) learns nothing of a later stop.
    if (row?.disabled && row.sessionVersion === ver + 1) throw new AppException('ACCOUNT_DISABLED');
    if (!row || row.sessionVersion !== ver) throw new AppException('TOKEN_INVALID');
    // A stop written into the database by hand may leave the version as it was: stopped is stopped.
    if (row.disabled) throw new AppException('ACCOUNT_DISABLED');
    const user: AuthUser = { id: row.id, role: row.role, name: row.name, username: row.username, communityIds: [...row.communityIds] };
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) throw new AppException('FORBIDDEN');
    return true;
  }

  /** One indexed statement without entity mapping. */
  private async read(id: string): Promise<SignedInUser | undefined> {
    const mark = this.users.mark();
    const [row] = await this.hot.query<SignedInUser>(
      `SELECT id, role, name, username, community_ids AS "communityIds",
              disabled_at IS NOT NULL AS disabled, session_version AS "sessionVersion"
       FROM users WHERE id = $1`, [id]);
    if (row) this.users.remember(row, mark);
    return row;
  }
}
