import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BindingsModule } from '../bindings/bindings.module';
import { MeController } from './me.controller';
import { OwnersController } from './owners.controller';
import { OwnersService } from './owners.service';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({
  imports: [AuthModule, BindingsModule],
  controllers: [StaffController, MeController, OwnersController],
  providers: [StaffService, OwnersService],
})
export class UsersModule {}
