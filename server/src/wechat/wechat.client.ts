import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DATABASE_SETTINGS, type DatabaseSettings } from '../database/hot-statements';
import { WechatAccessToken } from '../notifications/notification.entities';

interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

export class WechatError extends Error {
  /** `token`: fetching the access token failed (WeChat, the network or the app's credentials), not the call it was for. */
  constructor(readonly errcode: number | null, message: string, readonly stage?: 'token') {
    super(message);
  }

  /** Nothing about the one message or call: WeChat unreachable or busy, or no token to send with. */
  get outage(): boolean {
    return this.stage === 'token' || this.errcode === null || this.errcode === -1;
  }
}

/** How long one call to WeChat may take before it is abandoned. */
export const WECHAT_TIMEOUT_MS = 5000;

/**
 * The WeChat server API, at `WECHAT_API_BASE` so tests point it at a local fake. The access token is
 * cached in the database, shared by every replica, and refreshed five minutes before it expires.
 */
@Injectable()
export class WechatClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(DATABASE_SETTINGS) private readonly database: DatabaseSettings,
  ) {}

  async code2Session(code: string): Promise<{ openid: string }> {
    const { appid, secret } = this.config.wechat;
    const query = new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' });
    const body = await this.get<WechatReply & { openid?: string }>(`/sns/jscode2session?${query}`);
    if (!body.openid) throw new WechatError(body.errcode ?? null, body.errmsg ?? 'no openid');
    return { openid: body.openid };
  }

  async sendSubscribeMessage(message: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }): Promise<void> {
    const token = await this.accessToken();
    const body = await this.post<WechatReply>(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, message);
    if (body.errcode === 40001 || body.errcode === 42001) await this.dropToken(token);
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? 'send failed');
  }

  private async accessToken(): Promise<string> {
    try {
      return (await this.cachedToken(this.db.manager)) ?? (await this.refreshOnce());
    } catch (error) {
      throw error instanceof WechatError ? new WechatError(error.errcode, error.message, 'token') : error;
    }
  }

  /** One refresh at a time in this process: the senders that need a token meanwhile share it. */
  private refreshing: Promise<string> | null = null;
  private refreshOnce(): Promise<string> {
    this.refreshing ??= this.refreshToken().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async cachedToken(manager: EntityManager): Promise<string | null> {
    const cached = await manager.getRepository(WechatAccessToken).findOneBy({ appid: this.config.wechat.appid });
    return cached && cached.expiresAt.getTime() - 5 * 60_000 > this.clock.now().getTime() ? cached.token : null;
  }

  /**
   * Fetches a new token, one replica at a time: each fetch makes WeChat retire the previous token, so
   * two replicas refreshing at once could each store the other's retired token, and every send would
   * fail until it expired. On a PostgreSQL server the replicas take turns under an advisory lock (held
   * by one of the pool's connections for one call to WeChat, at most WECHAT_TIMEOUT_MS), and one that
   * waited finds the other's fresh token. The embedded database belongs to one process, whose
   * refreshes refreshOnce already serialises: there no transaction is held through the call, which
   * would have kept its only connection, and every request, waiting on WeChat.
   */
  private refreshToken(): Promise<string> {
    if (this.database.embedded) return this.fetchToken(this.db.manager);
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('wechat-token:' || $1))`, [this.config.wechat.appid]);
      return (await this.cachedToken(tx)) ?? this.fetchToken(tx);
    });
  }

  private async fetchToken(manager: EntityManager): Promise<string> {
    const { appid, secret } = this.config.wechat;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid, secret });
    const body = await this.get<WechatReply & { access_token?: string; expires_in?: number }>(`/cgi-bin/token?${query}`);
    if (!body.access_token) throw new WechatError(body.errcode ?? null, body.errmsg ?? 'no access_token');
    const expiresAt = new Date(this.clock.now().getTime() + (body.expires_in ?? 7200) * 1000);
    await manager.getRepository(WechatAccessToken).upsert({ appid, token: body.access_token, expiresAt }, ['appid']);
    return body.access_token;
  }

  /**
   * Forgets the token WeChat refused — only that one: a newer token another replica stored meanwhile
   * (whose fetch is what retired this one) stays, or the next send would fetch again and retire it.
   */
  private async dropToken(refused: string): Promise<void> {
    await this.db.getRepository(WechatAccessToken).delete({ appid: this.config.wechat.appid, token: refused });
  }

  private get<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'GET' });
  }

  private post<T>(path: string, payload: unknown): Promise<T> {
    return this.request<T>(path, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.config.wechat.apiBase}${path}`, { ...init, signal: AbortSignal.timeout(WECHAT_TIMEOUT_MS) });
    } catch (error) {
      throw new WechatError(null, `WeChat unreachable: ${(error as Error).message}`);
    }
    if (!res.ok) throw new WechatError(null, `WeChat HTTP ${res.status}`);
    return (await res.json()) as T;
  }
}
