import type { Options } from 'pino-http';

interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  raw?: { ip?: string };
}

/**
 * One short line per request (production): who called what, and how it ended. The caller's address
 * is the client's as Express reads it behind the proxy (`trust proxy`), not nginx's. No headers:
 * they were most of the line and of its cost (docs/performance.md), and the token is among them.
 */
export function requestLogOptions(level: string, autoLogging: boolean): Options {
  return {
    level,
    autoLogging,
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: req.url, ip: req.raw?.ip ?? req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
