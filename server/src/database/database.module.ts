import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_SETTINGS, HotStatements, type DatabaseSettings } from './hot-statements';

/** What the application adds to TypeORM's data source: the hot statements' pool. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_SETTINGS, useValue: settings }, HotStatements],
      exports: [DATABASE_SETTINGS, HotStatements],
    };
  }
}
