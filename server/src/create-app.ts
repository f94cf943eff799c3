import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ShutdownDrain } from './common/shutdown-drain';
import { createValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/app.config';

/** Builds the HTTP application around a database that is already migrated. Used by main and tests. */
export async function createApp(config: AppConfig, databaseUrl: string, embedded: boolean, staticDir?: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, embedded }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(app.get(ShutdownDrain).middleware);
  app.useBodyParser('json', { limit: '256kb' });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // The H5 build of the mini-program, on the same origin as the API — never consulted for /api:
  // serve-static would stat a file for every API read (measured in docs/performance.md) and a file
  // named like a route would answer in its place.
  if (staticDir) {
    const files = express.static(staticDir, { index: 'index.html', maxAge: '1h', setHeaders: cacheH5 });
    app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? next() : files(req, res, next)));
  }
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  // No enableShutdownHooks(): main.ts owns SIGTERM/SIGINT (it closes the app, then the embedded
  // database); with both, the app was closed twice and the pool's second end() logged an error.

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('物业工单闭环 API')
      .setDescription('Cases through 受理 → 处理 → 反馈 → 回访. Log in with POST /api/auth/login, then "Authorize" with the accessToken.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * The H5 build's cache headers. Its scripts and styles carry their content's hash in their names
 * (miniapp/config/index.ts), so a browser may keep them for good; the page that names them must be
 * asked for again every time — cached for an hour, it named chunks a deploy had removed, and the
 * app stayed blank until it expired. Anything else keeps the hour.
 */
function cacheH5(res: Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  else if (/\.[0-9a-f]{8}\.(js|css)$/.test(file)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
