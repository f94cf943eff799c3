import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { STAFF_ROLES } from '@wuye/shared';
import type { AuthUser } from './auth-user';
import { CurrentUser, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, DemoLoginDto, PasswordLoginDto, WechatLoginDto } from './auth.dto';
import { AuthService } from './auth.service';

// Per address, generous enough for an office behind one NAT; failed passwords are limited in LoginFailures.
const LOGIN_LIMIT = { default: { limit: 30, ttl: 60_000 } };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public() @Get('options')
  options() {
    return this.auth.options();
  }

  @Public() @Throttle(LOGIN_LIMIT) @Post('wechat') @HttpCode(200)
  wechat(@Body() dto: WechatLoginDto) {
    return this.auth.wechatLogin(dto.code);
  }

  @Public() @Throttle(LOGIN_LIMIT) @Post('login') @HttpCode(200)
  login(@Body() dto: PasswordLoginDto, @Ip() ip: string) {
    return this.auth.passwordLogin(dto.username, dto.password, ip);
  }

  @Public() @Throttle(LOGIN_LIMIT) @Post('demo') @HttpCode(200)
  demo(@Body() dto: DemoLoginDto) {
    return this.auth.demoLogin(dto.owner);
  }

  /** Staff change their own password; every other device is signed out, this one gets a new token. */
  @ApiBearerAuth() @Roles(...STAFF_ROLES) @Throttle(LOGIN_LIMIT) @Post('password') @HttpCode(200)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto, @Ip() ip: string) {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, ip);
  }
}
