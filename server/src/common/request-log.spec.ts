import express from 'express';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { Writable } from 'node:stream';
import request from 'supertest';
import { requestLogOptions } from './request-log';

describe('the request log line', () => {
  /** An Express app logging as the server does (trust proxy as create-app.ts's default) into `lines`. */
  function loggingApp() {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const app = express();
    app.set('trust proxy', 'loopback, uniquelocal');
    app.use(pinoHttp({ ...requestLogOptions('info', true), logger: pino(sink) }));
    return { app, lines };
  }

  it('names the client behind the proxy and the outcome, and carries no headers or token', async () => {
    const { app, lines } = loggingApp();
    app.get('/api/cases', (_req, res) => void res.status(403).json({ code: 'FORBIDDEN' }));

    await request(app).get('/api/cases?status=submitted').set('X-Forwarded-For', '203.0.113.9')
      .set('Authorization', 'Bearer secret-token-value').expect(403);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line.req).toEqual({ id: expect.anything(), method: 'GET', url: '/api/cases?status=submitted', ip: '203.0.113.9' });
    expect(line.res).toEqual({ statusCode: 403 });
    expect(lines[0]).not.toContain('secret-token-value');
  });

  it('leaves the health checks out', async () => {
    const { app, lines } = loggingApp();
    app.use((_req, res) => void res.json({}));
    await request(app).get('/api/health').expect(200);
    await request(app).get('/api/healthz').expect(200);
    expect(lines.map((l) => JSON.parse(l).req.url)).toEqual(['/api/healthz']);
  });

  it('keeps a photo link\'s signature and the text staff searched for out of the log', async () => {
    const { app, lines } = loggingApp();
    app.use((_req, res) => void res.json({}));
    await request(app).get('/api/uploads/0b6d0c52-3b4e-4a4f-9f51-6f1d8a7a1a11/content?exp=1764500000&sig=AbC123secret').expect(200);
    await request(app).get('/api/house-bindings?status=approved&q=13800138000&pageSize=100').expect(200);
    expect(lines.map((l) => JSON.parse(l).req.url)).toEqual([
      '/api/uploads/0b6d0c52-3b4e-4a4f-9f51-6f1d8a7a1a11/content?exp=1764500000&sig=***',
      '/api/house-bindings?status=approved&q=***&pageSize=100',
    ]);
    expect(lines.join('\n')).not.toMatch(/AbC123secret|13800138000/);
  });
});
