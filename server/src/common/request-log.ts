import type { Options } from 'pino-http';

interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  raw?: { ip?: string };
}

/**
 * Query values that must not reach a log: a photo link's signature (whoever reads the log could open
 * the photo until it expires) and what staff searched for (owners' names and phone numbers).
 */
const HIDDEN_QUERY = new Set(['sig', 'q']);

/** `url` with the values of HIDDEN_QUERY parameters replaced by `***`. */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url.slice(at + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && HIDDEN_QUERY.has(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=***` : pair;
  });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

/**
 * One short line per request (production): who called what, and how it ended. The caller's address
 * is the client's as Express reads it behind the proxy (`trust proxy`), not nginx's. No headers:
 * they were most of the line and of its cost (docs/performance.md), and the token is among them.
 * Not the health checks: Docker's, every 10 s per replica, would be most of the log (a failing check
 * is logged by the health module itself).
 */
export function requestLogOptions(level: string, autoLogging: boolean): Options {
  return {
    level,
    autoLogging: autoLogging && { ignore: (req) => req.url === '/api/health' },
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: loggedUrl(req.url), ip: req.raw?.ip ?? req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
