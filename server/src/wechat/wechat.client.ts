import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { WechatAccessToken } from '../notifications/notification.entities';

interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

export class WechatError extends Error {
  constructor(readonly errcode: number | null, message: string) {
    super(message);
  }
}

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
    if (body.errcode === 40001 || body.errcode === 42001) await this.dropToken();
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? 'send failed');
  }

  private async accessToken(): Promise<string> {
    const repo = this.db.getRepository(WechatAccessToken);
    const { appid, secret } = this.config.wechat;
    const cached = await repo.findOneBy({ appid });
    if (cached && cached.expiresAt.getTime() - 5 * 60_000 > this.clock.now().getTime()) return cached.token;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid, secret });
    const body = await this.get<WechatReply & { access_token?: string; expires_in?: number }>(`/cgi-bin/token?${query}`);
    if (!body.access_token) throw new WechatError(body.errcode ?? null, body.errmsg ?? 'no access_token');
    const expiresAt = new Date(this.clock.now().getTime() + (body.expires_in ?? 7200) * 1000);
    await repo.upsert({ appid, token: body.access_token, expiresAt }, ['appid']);
    return body.access_token;
  }

  private async dropToken(): Promise<void> {
    await this.db.getRepository(WechatAccessToken).delete({ appid: this.config.wechat.appid });
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
      res = await fetch(`${this.config.wechat.apiBase}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new WechatError(null, `WeChat unreachable: ${(error as Error).message}`);
    }
    if (!res.ok) throw new WechatError(null, `WeChat HTTP ${res.status}`);
    return (await res.json()) as T;
  }
}
