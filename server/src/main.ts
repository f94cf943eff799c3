import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAppConfig } from './config/app.config';
import { EmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // The embedded database boots (its WebAssembly compiles on V8's background threads) while the
  // application's modules load: about a second each, now side by side (docs/performance.md, cold start).
  const starting = config.databaseUrl ? null : EmbeddedPostgres.start({ dataDir: path.resolve(config.dataDir) });
  starting?.catch(() => undefined); // awaited below; not an unhandled rejection while modules load
  const [{ createApp }, { closeGracefully }, { runMigrations }, { bootstrapAdmin }, { seedDemo, DEMO_PASSWORD }] = await Promise.all([
    import('./create-app'), import('./close-gracefully'), import('./database/migrate'), import('./seed/bootstrap-admin'), import('./seed/demo-seed'),
  ]);
  const embedded = await starting;
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  await runMigrations(databaseUrl, !!embedded);
  const adminCreated = await bootstrapAdmin(databaseUrl, !!embedded, config.adminPassword);
  const seeded = config.seedDemo ? await seedDemo(databaseUrl, !!embedded) : false;

  const h5 = path.resolve(__dirname, '../../miniapp/dist/h5');
  const app = await createApp(config, databaseUrl, !!embedded, fs.existsSync(path.join(h5, 'index.html')) ? h5 : undefined);
  await app.listen(config.port, config.host);

  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    `物业工单闭环 API ready in ${Date.now() - started} ms (${embedded ? `embedded PostgreSQL in ${path.resolve(config.dataDir)}` : 'PostgreSQL server'})`,
    `  app:       ${base}/`,
    `  API docs:  ${base}/api/docs`,
    `  health:    ${base}/api/health`,
  ];
  if (adminCreated) lines.push('  admin account created from ADMIN_PASSWORD (username: admin)');
  if (config.seedDemo) {
    lines.push(seeded ? '  demo data created' : '  demo data already present');
    lines.push(`  demo staff: admin, supervisor1, agent1, agent2, handler1, handler2, handler3 — password ${DEMO_PASSWORD}`);
    if (config.demoLogin) lines.push('  demo owners: owner1 … owner6 (POST /api/auth/demo {"owner":"owner1"}; owner6 has a binding waiting for approval)');
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await closeGracefully(app);
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
