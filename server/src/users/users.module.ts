import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BindingsModule } from '../bindings/bindings.module';
import { MeController } from './me.controller';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({ imports: [AuthModule, BindingsModule], controllers: [StaffController, MeController], providers: [StaffService] })
export class UsersModule {}
