import { dropTemplate } from './database-template';

export default async function globalTeardown(): Promise<void> {
  if (process.env.WUYE_TEMPLATE_STATE) await dropTemplate(process.env.WUYE_TEMPLATE_STATE);
}
