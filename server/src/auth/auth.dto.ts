import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ACCOUNT_RULES } from '@wuye/shared';
import { IsString, Length, Matches } from 'class-validator';

export class WechatLoginDto {
  @ApiProperty({ description: 'The code from wx.login()' })
  @IsString() @Length(1, 128)
  code: string;
}

export class PasswordLoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString() @Length(1, 50)
  username: string;

  @ApiProperty()
  @IsString() @Length(1, 200)
  password: string;
}

export class DemoLoginDto {
  @ApiProperty({ example: 'owner1', description: 'A seeded demo owner (DEMO_LOGIN=true only)' })
  @IsString() @Matches(/^[a-z0-9]{1,20}$/)
  owner: string;
}

/** A staff member changing their own password (POST /api/auth/password). */
export class ChangePasswordDto {
  @ApiProperty({ description: 'The password now in use' })
  @IsString() @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ description: `${STAFF_ACCOUNT_RULES.password.min}–${STAFF_ACCOUNT_RULES.password.max} characters` })
  @IsString() @Length(STAFF_ACCOUNT_RULES.password.min, STAFF_ACCOUNT_RULES.password.max)
  newPassword: string;
}
