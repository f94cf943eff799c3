import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { AccessService } from '../../common/access.service';
import { AppException } from '../../common/app.exception';
import { Clock } from '../../common/clock';
import { loadAppConfig } from '../../config/app.config';
import { dataSourceOptions } from '../../database/data-source-options';
import { EmbeddedPostgres } from '../../database/embedded-postgres';
import { upToDate } from '../../database/migrate';
import { MetricsQuery } from '../metrics.query';
import { SUMMARY_FORMATS, type SummaryFormat } from '../reports.dto';
import { ReportsService } from '../reports.service';

const USAGE = `用法: npm run summary -- --from YYYY-MM-DD --to YYYY-MM-DD [--community 小区编码] [--format md|html|xlsx|docx] --out 文件
  期间按北京时间，--to 不含当天；不给 --community 时汇总全部小区；--format 默认取 --out 的扩展名。
  数据库: 设置了 DATABASE_URL 时连接该 PostgreSQL，否则使用 DATA_DIR（默认 ./data）中的内置数据库。`;

/**
 * The work summary from the command line, as an admin would get it from the API. It only reads: a
 * database this build would have to migrate first is refused, never migrated — run from a newer
 * checkout against production, it would have changed the schema under the running replicas.
 */
export async function summaryCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, community: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
        help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.from || !args.to || !args.out) {
    console.error(`缺少 --from、--to 或 --out\n${USAGE}`);
    return 2;
  }
  const format = (args.format ?? path.extname(args.out).slice(1)) as SummaryFormat;
  if (!SUMMARY_FORMATS.includes(format)) {
    console.error(`不支持的格式 "${format}"（可选 ${SUMMARY_FORMATS.join('、')}）\n${USAGE}`);
    return 2;
  }

  const config = loadAppConfig(env);
  let embedded: EmbeddedPostgres | null = null;
  if (!config.databaseUrl) {
    // Opening a folder with no database would make one there, empty.
    if (!fs.existsSync(path.resolve(config.dataDir, 'pg', 'PG_VERSION'))) {
      console.error(`${path.resolve(config.dataDir)} 中没有内置数据库：请设置 DATA_DIR 为服务器使用的数据目录，或设置 DATABASE_URL。`);
      return 1;
    }
    try {
      embedded = await EmbeddedPostgres.start({ dataDir: path.resolve(config.dataDir) });
    } catch (error) {
      console.error(`无法打开内置数据库 ${path.resolve(config.dataDir)}：${(error as Error).message}\n`
        + '内置数据库同一时间只能由一个进程使用：请先停止正在运行的服务器（或在服务器运行时通过 GET /api/reports/work-summary 下载），'
        + '或设置 DATABASE_URL 连接 PostgreSQL 服务器。');
      return 1;
    }
  }
  const url = config.databaseUrl ?? embedded!.url;
  const db = new DataSource(dataSourceOptions(url, !!embedded));
  try {
    if (!(await upToDate(url))) {
      console.error('数据库的版本与本命令不一致（有未执行的迁移）：请先用本版本启动一次服务器（它会执行迁移），或使用与服务器相同版本的命令。');
      return 1;
    }
    await db.initialize();
    let communityId: string | undefined;
    if (args.community) {
      const [row] = await db.query(`SELECT id FROM communities WHERE code = $1`, [args.community]);
      if (!row) {
        console.error(`没有编码为 ${args.community} 的小区`);
        return 1;
      }
      communityId = row.id;
    }
    const admin: AuthUser = { id: '00000000-0000-0000-0000-000000000000', role: 'admin', name: 'summary-cli', username: null, communityIds: [] };
    const reports = new ReportsService(db, new AccessService(), new Clock(), new MetricsQuery(db));
    const doc = await reports.workSummary(admin, { from: args.from, to: args.to, communityId, format });
    fs.writeFileSync(args.out, doc.body);
    console.log(`已生成 ${path.resolve(args.out)}（${doc.fileName}，${doc.body.length} 字节）`);
    return 0;
  } catch (error) {
    if (error instanceof AppException) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
  }
}

if (require.main === module) {
  summaryCli(process.argv.slice(2), process.env).then((code) => process.exit(code), (error) => {
    console.error(error);
    process.exit(1);
  });
}
