import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Public } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { UploadsService } from './uploads.service';

const MAX_BYTES = 10 * 1024 * 1024;
/** Per signed-in user: a submission or a step carries at most 9 photos; 60 a minute is many steps' worth. */
const UPLOAD_LIMIT = { default: { limit: 60, ttl: 60_000 } };

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @ApiBearerAuth() @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @Post() @Throttle(UPLOAD_LIMIT)
  // Received to disk (UploadsModule's multer storage), never whole in memory.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_BYTES, files: 1, fields: 5 } }))
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: Express.Multer.File | undefined) {
    return this.uploads.save(user, file);
  }

  /** A photo removed before it was submitted: 204; one already submitted with a case or step: 409 UPLOAD_ATTACHED. */
  @ApiBearerAuth() @Delete(':id') @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.uploads.remove(user, id);
  }

  /** Signed link: `<Image>` in a mini-program cannot send an Authorization header. */
  @Public() @Get(':id/content') @Header('Cache-Control', 'private, max-age=600') @Header('X-Content-Type-Options', 'nosniff')
  async content(
    @Param('id', UuidParamPipe) id: string,
    @Query('exp') exp: string,
    @Query('sig') sig: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { mime, stream, size } = await this.uploads.readSigned(id, exp, sig);
    res.type(mime);
    return new StreamableFile(stream, { length: size });
  }
}
