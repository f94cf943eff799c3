import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { CaseAction } from '@wuye/shared';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/app.exception';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CaseActionsService } from './case-actions.service';
import {
  AssignDto, CancelDto, CountsQuery, CreateCaseDto, FollowUpDto, ListCasesQuery, NoteDto, OptionalNoteDto, ProgressNoteDto, RateDto, ReasonDto, ResolveDto,
  SubscribeDto, VerifyDto,
} from './case.dto';
import { CasesService } from './cases.service';
import { ApiIfMatch, IfMatchVersion } from './if-match';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const AGENT_UP = ['agent', 'supervisor', 'admin'] as const;
const HANDLING = ['handler', 'supervisor', 'admin'] as const;

/** `POST /api/cases/:id/{action}`: 200 with the case detail; takes an optional `If-Match`. */
const ActionRoute = (action: CaseAction) => applyDecorators(Post(`:id/${action}`), HttpCode(200), ApiIfMatch());

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
  // outsiders away; the transition table decides the rest per case. `If-Match` (optional) names
  // the case version the client saw; the service refuses the action if the case has moved on.

  @Roles(...AGENT_UP) @ActionRoute('accept')
  accept(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'accept', dto, v);
  }

  @Roles(...AGENT_UP) @ActionRoute('reply')
  reply(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: NoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'reply', dto, v);
  }

  @Roles(...AGENT_UP) @ActionRoute('assign')
  assign(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: AssignDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'assign', dto, v);
  }

  @Roles(...HANDLING) @ActionRoute('start')
  start(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'start', dto, v);
  }

  @Roles(...HANDLING) @ActionRoute('hold')
  hold(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'hold', dto, v);
  }

  @Roles(...HANDLING) @ActionRoute('resume')
  resume(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'resume', dto, v);
  }

  @Roles('agent', ...HANDLING) @ActionRoute('note')
  note(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ProgressNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'note', dto, v);
  }

  @Roles('agent', ...HANDLING) @ActionRoute('resolve')
  resolve(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ResolveDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'resolve', dto, v);
  }

  @Roles('owner', ...AGENT_UP) @ActionRoute('verify')
  verify(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: VerifyDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'verify', dto, v);
  }

  @Roles('owner') @ActionRoute('rate')
  rate(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: RateDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'rate', dto, v);
  }

  @Roles(...AGENT_UP) @ActionRoute('follow-up')
  followUp(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: FollowUpDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'follow-up', dto, v);
  }

  @Roles(...AGENT_UP) @ActionRoute('close')
  close(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'close', dto, v);
  }

  @Roles('owner', ...AGENT_UP) @ActionRoute('cancel')
  cancel(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: CancelDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'cancel', dto, v);
  }

  @Roles('supervisor', 'admin') @ActionRoute('reopen')
  reopen(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'reopen', dto, v);
  }

  @Roles('owner') @ActionRoute('urge')
  urge(@CurrentUser() u: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: OptionalNoteDto, @IfMatchVersion() v?: number) {
    return this.actions.perform(u, id, 'urge', dto, v);
  }
}
