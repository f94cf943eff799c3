import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  accessToken: string;
  body: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> };
}

/**
 * A local stand-in for api.weixin.qq.com, so the real WechatClient (fetch, token caching, error
 * handling) runs in tests. Codes `code-X` log in as openid `openid-X`; `bad-code` is refused.
 */
export class FakeWechat {
  readonly sent: SentMessage[] = [];
  tokenRequests = 0;
  /** Next N subscribe sends answer with this errcode. */
  failNextSends = 0;
  failErrcode = 43101; // user refused / not subscribed
  /** While true, token requests are answered HTTP 500 (WeChat down, or a blocked route). */
  tokensDown = false;
  /** Each subscribe send is answered after this long (a slow WeChat). */
  sendDelayMs = 0;
  /** While true, token requests are counted but not answered until releaseTokens(). */
  holdTokens = false;
  private heldTokens: (() => void)[] = [];
  /** While true, subscribe sends are counted in `heldSends` but not answered until releaseSends(). */
  holdSends = false;
  private readonly heldSendAnswers: (() => void)[] = [];
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Answers the held token requests and stops holding. */
  releaseTokens(): void {
    this.holdTokens = false;
    for (const answer of this.heldTokens.splice(0)) answer();
  }

  get heldSends(): number {
    return this.heldSendAnswers.length;
  }

  /** Answers the held sends and stops holding. */
  releaseSends(): void {
    this.holdSends = false;
    for (const answer of this.heldSendAnswers.splice(0)) answer();
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const reply = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/sns/jscode2session') {
      const code = url.searchParams.get('js_code') ?? '';
      if (!code.startsWith('code-')) return reply({ errcode: 40029, errmsg: 'invalid code' });
      return reply({ openid: `openid-${code.slice(5)}`, session_key: 'sk' });
    }
    if (url.pathname === '/cgi-bin/token') {
      if (this.tokensDown) {
        res.statusCode = 500;
        return void res.end();
      }
      const token = `token-${++this.tokenRequests}`;
      const answer = () => reply({ access_token: token, expires_in: 7200 });
      if (this.holdTokens) this.heldTokens.push(answer);
      else answer();
      return;
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const answer = () => {
          if (this.failNextSends > 0) {
            this.failNextSends--;
            return reply({ errcode: this.failErrcode, errmsg: 'user refuse to accept the msg' });
          }
          this.sent.push({ accessToken: url.searchParams.get('access_token') ?? '', body: JSON.parse(raw) });
          setTimeout(() => reply({ errcode: 0, errmsg: 'ok' }), this.sendDelayMs);
        };
        if (this.holdSends) this.heldSendAnswers.push(answer);
        else answer();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  }
}
