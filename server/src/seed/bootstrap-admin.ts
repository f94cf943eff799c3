import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { dataSourceOptions } from '../database/data-source-options';

/** Creates user `admin` from ADMIN_PASSWORD on the first start; later starts leave it alone. */
export async function bootstrapAdmin(url: string, embedded: boolean, password: string | undefined): Promise<boolean> {
  if (!password) return false;
  const ds = await new DataSource(dataSourceOptions(url, embedded)).initialize();
  try {
    const rows = await ds.query(
      `INSERT INTO users (role, username, password_hash, name) VALUES ('admin', 'admin', $1, '管理员')
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [await hashPassword(password)],
    );
    return rows.length > 0;
  } finally {
    await ds.destroy();
  }
}
