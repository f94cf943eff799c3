/**
 * The ceiling for `bench:api`: the smallest NestJS app in the same process model as the server
 * (Nest on Express, TypeORM's postgres driver with the same pool settings, the embedded PGlite when
 * DATABASE_URL is unset) doing one statement per request — one INSERT of a row as wide as a case, or
 * one indexed SELECT. No auth, validation, logging or transaction: what the machine and database
 * give at most.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source-options';
import { EmbeddedPostgres } from '../../database/embedded-postgres';
import { runMigrations } from '../../database/migrate';

interface InsertBody {
  communityId: string;
  houseId: string;
  ownerId: string;
  description: string;
}

@Controller()
class CeilingController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** One INSERT of a case-wide row, returned whole (as the API returns the new case). */
  @Post('cases') @HttpCode(201)
  async insert(@Body() b: InsertBody) {
    const [row] = await this.db.query(
      `INSERT INTO bench_ceiling (id, number, community_id, house_id, type, category, channel, urgency, status, description,
         created_by_id, owner_id, respond_deadline_at, resolve_deadline_at, verify_hours, follow_up_policy, follow_up_due_hours,
         warn_before_minutes, idempotency_key, idempotency_hash)
       VALUES (gen_random_uuid(), 'CEIL-' || substr(md5(random()::text), 1, 24), $1, $2, 'repair', '水电', 'miniapp', 'normal', 'submitted', $3,
         $4, $4, now() + interval '30 minutes', now() + interval '72 hours', 72, 'when_unrated_or_low', 48, 10,
         gen_random_uuid()::text, md5(random()::text) || md5(random()::text))
       RETURNING *`,
      [b.communityId, b.houseId, b.description, b.ownerId],
    );
    return row;
  }

  /** One indexed SELECT of a page of a community's newest cases. */
  @Get('cases')
  list(@Query('communityId') communityId: string) {
    return this.db.query(
      'SELECT * FROM cases WHERE community_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20',
      [communityId],
    );
  }

  /** One indexed SELECT of a case by id. */
  @Get('cases/:id')
  async detail(@Param('id') id: string) {
    const [row] = await this.db.query('SELECT * FROM cases WHERE id = $1', [id]);
    return row ?? null;
  }
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
  const embedded = process.env.DATABASE_URL ? null : await EmbeddedPostgres.start({ dataDir });
  const url = process.env.DATABASE_URL ?? embedded!.url;
  await runMigrations(url, !!embedded);

  @Module({ imports: [TypeOrmModule.forRoot(dataSourceOptions(url, !!embedded))], controllers: [CeilingController] })
  class CeilingModule {}

  const app = await NestFactory.create(CeilingModule, { logger: ['error'] });
  const db = app.get(DataSource);
  await db.query(`CREATE TABLE IF NOT EXISTS bench_ceiling (LIKE cases INCLUDING DEFAULTS)`);
  await db.query(`DO $$ BEGIN ALTER TABLE bench_ceiling ADD PRIMARY KEY (id); EXCEPTION WHEN invalid_table_definition THEN NULL; END $$`);
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
