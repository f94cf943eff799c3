import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAppConfig } from './config/app.config';
import { closeGracefully } from './close-gracefully';
import { createApp } from './create-app';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { bootstrapAdmin } from './seed/bootstrap-admin';
import { seedDemo, DEMO_PASSWORD } from './seed/demo-seed';

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const embedded = config.databaseUrl ? null : await EmbeddedPostgres.start({ dataDir: path.resolve(config.dataDir) });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  await runMigrations(databaseUrl, !!embedded);
  const adminCreated = await bootstrapAdmin(databaseUrl, !!embedded, config.adminPassword);
  const seeded = config.seedDemo ? await seedDemo(databaseUrl, !!embedded) : false;

  const h5 = path.resolve(__dirname, '../../miniapp/dist/h5');
  const app = await createApp(config, databaseUrl, !!embedded, fs.existsSync(path.join(h5, 'index.html')) ? h5 : undefined);
  await app.listen(config.port, '0.0.0.0');

  const base = `http://localhost:${config.port}`;
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
