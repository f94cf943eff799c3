import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { BindingsModule } from './bindings/bindings.module';
import { CasesModule } from './cases/cases.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { CommonModule } from './common/common.module';
import { requestLogOptions } from './common/request-log';
import { CommunitiesModule } from './communities/communities.module';
import { appConfigNamespace, type AppConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReportsModule } from './reports/reports.module';
import { SlaModule } from './sla/sla.module';
import { UploadsModule } from './uploads/uploads.module';
import { UsersModule } from './users/users.module';
import { WechatModule } from './wechat/wechat.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  embedded: boolean;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, embedded }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfigNamespace(config)] }),
        LoggerModule.forRoot({
          pinoHttp: requestLogOptions(
            config.env === 'test' ? 'silent' : (process.env.LOG_LEVEL ?? (config.env === 'production' ? 'info' : 'warn')),
            config.env === 'production',
          ),
        }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, embedded, config.statementTimeoutMs)),
        DatabaseModule.forRoot({ url: databaseUrl, embedded, preparedStatements: config.preparedStatements, statementTimeoutMs: config.statementTimeoutMs }),
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 600 }]),
        ScheduleModule.forRoot(),
        CommonModule,
        WechatModule,
        AuthModule,
        UsersModule,
        CommunitiesModule,
        BindingsModule,
        UploadsModule,
        CasesModule,
        SlaModule,
        NotificationsModule,
        HealthModule,
        ReportsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
