import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/app.exception';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CaseActionsService } from './case-actions.service';
import {
  AssignDto, CancelDto, CountsQuery, CreateCaseDto, FollowUpDto, ListCasesQuery, NoteDto, OptionalNoteDto, RateDto, ReasonDto,
  SubscribeDto, VerifyDto,
} from './case.dto';
import { CasesService } from './cases.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const AGENT_UP = ['agent', 'supervisor', 'admin'] as const;
const HANDLING = ['handler', 'supervisor', 'admin'] as const;

@ApiTags('cases') @ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly actions: CaseActionsService,
  ) {}

  @Roles('owner', ...AGENT_UP) @Post() @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first case' })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppException('VALIDATION_FAILED', [{ field: 'Idempotency-Key', errors: ['8–100 letters, digits or _ . : -'] }]);
    }
    const result = await this.cases.create(user, dto, key);
    res.status(result.created ? 201 : 200);
    return result.body;
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery) {
    return this.cases.list(user, query);
  }

  @Roles('handler', ...AGENT_UP) @Get('counts')
  counts(@CurrentUser() user: AuthUser, @Query() query: CountsQuery) {
    return this.cases.counts(user, query);
  }

  @Get(':id')
  detail(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.cases.detail(user, id);
  }

  @Roles('owner') @Post(':id/subscriptions') @HttpCode(200)
  subscribe(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: SubscribeDto) {
    return this.cases.subscribe(user, id, dto);
  }

  // One route per action so each has its own validated body. Roles here only keep obvious
  // outsiders away; the transition table decides the rest per case.

  @Roles(...AGENT_UP) @Post(':id/accept') @HttpCode(200)
  accept(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto) {
    return this.actions.perform(u, id, 'accept', dto);
  }

  @Roles(...AGENT_UP) @Post(':id/reply') @HttpCode(200)
  reply(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: NoteDto) {
    return this.actions.perform(u, id, 'reply', dto);
  }

  @Roles(...AGENT_UP) @Post(':id/assign') @HttpCode(200)
  assign(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: AssignDto) {
    return this.actions.perform(u, id, 'assign', dto);
  }

  @Roles(...HANDLING) @Post(':id/start') @HttpCode(200)
  start(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto) {
    return this.actions.perform(u, id, 'start', dto);
  }

  @Roles(...HANDLING) @Post(':id/hold') @HttpCode(200)
  hold(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto) {
    return this.actions.perform(u, id, 'hold', dto);
  }

  @Roles(...HANDLING) @Post(':id/resume') @HttpCode(200)
  resume(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto) {
    return this.actions.perform(u, id, 'resume', dto);
  }

  @Roles('agent', ...HANDLING) @Post(':id/note') @HttpCode(200)
  note(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: NoteDto) {
    return this.actions.perform(u, id, 'note', dto);
  }

  @Roles('agent', ...HANDLING) @Post(':id/resolve') @HttpCode(200)
  resolve(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: NoteDto) {
    return this.actions.perform(u, id, 'resolve', dto);
  }

  @Roles('owner', ...AGENT_UP) @Post(':id/verify') @HttpCode(200)
  verify(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: VerifyDto) {
    return this.actions.perform(u, id, 'verify', dto);
  }

  @Roles('owner') @Post(':id/rate') @HttpCode(200)
  rate(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: RateDto) {
    return this.actions.perform(u, id, 'rate', dto);
  }

  @Roles(...AGENT_UP) @Post(':id/follow-up') @HttpCode(200)
  followUp(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: FollowUpDto) {
    return this.actions.perform(u, id, 'follow-up', dto);
  }

  @Roles(...AGENT_UP) @Post(':id/close') @HttpCode(200)
  close(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto) {
    return this.actions.perform(u, id, 'close', dto);
  }

  @Roles('owner', ...AGENT_UP) @Post(':id/cancel') @HttpCode(200)
  cancel(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: CancelDto) {
    return this.actions.perform(u, id, 'cancel', dto);
  }

  @Roles('supervisor', 'admin') @Post(':id/reopen') @HttpCode(200)
  reopen(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto) {
    return this.actions.perform(u, id, 'reopen', dto);
  }

  @Roles('owner') @Post(':id/urge') @HttpCode(200)
  urge(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto) {
    return this.actions.perform(u, id, 'urge', dto);
  }
}
