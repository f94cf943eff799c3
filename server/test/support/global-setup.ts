import * as os from 'node:os';
import * as path from 'node:path';
import { createTemplate } from './database-template';

export default async function globalSetup(): Promise<void> {
  const stateFile = path.join(os.tmpdir(), `wuye-test-state-${process.pid}-${Date.now()}.json`);
  process.env.WUYE_TEMPLATE_STATE = stateFile;
  await createTemplate(stateFile);
}
