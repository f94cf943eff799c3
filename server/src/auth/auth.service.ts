import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthResponse, LoginOptionsResponse } from '@wuye/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { WECHAT_OWNER_NAME } from '../users/owner-name';
import { User } from '../users/user.entity';
import { toUserResponse } from '../users/user.mapper';
import { WechatClient, WechatError } from '../wechat/wechat.client';
import type { AuthUser } from './auth-user';
import { LoginFailures } from './login-failures';
import { hashPassword, verifyPassword } from './password';
import { UserCache } from './user-cache';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  // Verified against when the username does not exist, so both paths take the same time.
  private readonly dummyHash = hashPassword('no-such-user');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly wechat: WechatClient,
    private readonly failures: LoginFailures,
    private readonly users: UserCache,
  ) {}

  async wechatLogin(code: string): Promise<AuthResponse> {
    let openid: string;
    try {
      ({ openid } = await this.wechat.code2Session(code));
    } catch (error) {
      const e = error as WechatError;
      this.logger.warn(`code2session failed: ${e.errcode ?? '-'} ${e.message}`);
      throw new AppException(e.errcode ? 'WECHAT_CODE_INVALID' : 'WECHAT_UNAVAILABLE');
    }
    const owner = await this.ownerByOpenid(openid, WECHAT_OWNER_NAME);
    // An owner account an admin stopped (abuse): WeChat still knows them, this service no longer does.
    if (owner.disabledAt) throw new AppException('ACCOUNT_DISABLED');
    return this.issue(owner);
  }

  /** What the login page may offer: the H5 build shows demo owners only when they can sign in. */
  options(): LoginOptionsResponse {
    return { demoLogin: this.demoLoginOn() };
  }

  /** Demo owners for the H5 build, where there is no WeChat. Off unless DEMO_LOGIN=true (never in production). */
  async demoLogin(owner: string): Promise<AuthResponse> {
    if (!this.demoLoginOn()) throw new AppException('ROUTE_NOT_FOUND');
    return this.issue(await this.ownerByOpenid(`demo-${owner}`, `演示业主 ${owner}`));
  }

  private demoLoginOn(): boolean {
    return this.config.demoLogin && this.config.env !== 'production';
  }

  /** `ip`: the client's address as Express resolved it (TRUST_PROXY), for the lockout. */
  async passwordLogin(username: string, password: string, ip?: string): Promise<AuthResponse> {
    await this.failures.reserve(username, ip);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username AND u.role <> :owner', { username, owner: 'owner' })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    // A failure keeps its reserved row; a success clears this address's and makes it a known one.
    if (!user || !ok) throw new AppException('INVALID_CREDENTIALS');
    await this.failures.succeeded(username, ip);
    // Said only to someone who knows the password: a guess learns nothing about the account.
    if (user.disabledAt) throw new AppException('ACCOUNT_DISABLED');
    return this.issue(user);
  }

  /**
   * A staff member's new password, given the current one. A wrong current password counts as a
   * failed login of the account from this address (LoginFailures), so a borrowed session cannot
   * be used to guess it. The session version goes up: every device signed in with the old password
   * is signed out, and this one carries on with the token returned.
   */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string, ip?: string): Promise<AuthResponse> {
    if (currentPassword === newPassword) throw new AppException('PASSWORD_UNCHANGED');
    const username = caller.username as string;
    await this.failures.reserve(username, ip);
    const user = await this.db.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash')
      .where('u.id = :id', { id: caller.id }).getOne();
    if (!user?.passwordHash) throw new AppException('TOKEN_INVALID');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppException('CURRENT_PASSWORD_WRONG');
    const passwordHash = await hashPassword(newPassword);
    // Only over the row as it was checked: an admin's reset or stop, or another change of this
    // password, that came in meanwhile wins, and this request's session is over (its version is).
    const [rows] = await this.db.query(
      `UPDATE users SET password_hash = $2, session_version = session_version + 1
       WHERE id = $1 AND password_hash = $3 AND session_version = $4 AND disabled_at IS NULL
       RETURNING session_version AS "sessionVersion"`,
      [user.id, passwordHash, user.passwordHash, user.sessionVersion]);
    if (!rows.length) throw new AppException('TOKEN_INVALID');
    // This process's kept row goes at once (other replicas hear of it from the database).
    this.users.forget(user.id);
    await this.failures.succeeded(username, ip);
    return this.issue({ ...user, sessionVersion: rows[0].sessionVersion } as User);
  }

  private async ownerByOpenid(openid: string, name: string): Promise<User> {
    // Same openid → same owner, even when two first logins race.
    await this.db.query(
      `INSERT INTO users (role, name, openid) VALUES ('owner', $1, $2) ON CONFLICT (openid) DO NOTHING`,
      [name, openid],
    );
    return this.db.getRepository(User).findOneByOrFail({ openid });
  }

  private async issue(user: User): Promise<AuthResponse> {
    // `ver`: the account's session version; a password reset or a stop raises it and so refuses this token.
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, ver: user.sessionVersion });
    return { accessToken, user: toUserResponse(user) };
  }
}
