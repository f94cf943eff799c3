import { Module } from '@nestjs/common';
import { BindingsModule } from '../bindings/bindings.module';
import { MeController } from './me.controller';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({ imports: [BindingsModule], controllers: [StaffController, MeController], providers: [StaffService] })
export class UsersModule {}
