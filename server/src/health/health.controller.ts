import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { HotStatements } from '../database/hot-statements';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly hot: HotStatements,
  ) {}

  @Public() @Get() @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      // The hot statements' own pool (the sign-in check, the queue, detail, submissions).
      () => this.statements(),
    ]);
  }

  private async statements() {
    const indicator = this.indicators.check('statements');
    try {
      await this.hot.query('SELECT 1 AS up', []);
      return indicator.up();
    } catch (error) {
      return indicator.down((error as Error).message);
    }
  }
}
