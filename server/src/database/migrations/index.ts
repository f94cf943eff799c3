import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { Reports1764979200000 } from './1764979200000-reports';
import { QueueIndexes1765065600000 } from './1765065600000-queue-indexes';
import { CaseFeedbackFacts1765152000000 } from './1765152000000-case-feedback-facts';
import { ReportGroupStatistics1765238400000 } from './1765238400000-report-group-statistics';
import { ReportMonthRollups1765324800000 } from './1765324800000-report-month-rollups';
import { QueueTypeIndex1765411200000 } from './1765411200000-queue-type-index';
import { FeedbackRankLatest1765497600000 } from './1765497600000-feedback-rank-latest';
import { UploadAttachments1765584000000 } from './1765584000000-upload-attachments';
import { UploadAttachmentsBackfill1765670400000 } from './1765670400000-upload-attachments-backfill';
import { StaffAccounts1765756800000 } from './1765756800000-staff-accounts';
import { BindingEnds1765843200000 } from './1765843200000-binding-ends';
import { UserChanges1765929600000 } from './1765929600000-user-changes';
import { BindingHistory1766016000000 } from './1766016000000-binding-history';
import { SuggestionAdoption1766102400000 } from './1766102400000-suggestion-adoption';
import { PublicAreaBuilding1766188800000 } from './1766188800000-public-area-building';
import { LoginFailureAddress1766275200000 } from './1766275200000-login-failure-address';
import { LoginKnownAddresses1766361600000 } from './1766361600000-login-known-addresses';
import { OnTimeFirstResolution1766448000000 } from './1766448000000-on-time-first-resolution';
import { OwnerNames1766534400000 } from './1766534400000-owner-names';
import { PrintedTargets1766620800000 } from './1766620800000-printed-targets';
import { FollowUpRate1766707200000 } from './1766707200000-follow-up-rate';
import { UploadsPerDay1766793600000 } from './1766793600000-uploads-per-day';
import { EventCycles1766880000000 } from './1766880000000-event-cycles';
import { BindingRejectReason1766966400000 } from './1766966400000-binding-reject-reason';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764460800000, Reports1764979200000, QueueIndexes1765065600000, CaseFeedbackFacts1765152000000,
  ReportGroupStatistics1765238400000, ReportMonthRollups1765324800000, QueueTypeIndex1765411200000,
  FeedbackRankLatest1765497600000, UploadAttachments1765584000000, UploadAttachmentsBackfill1765670400000,
  StaffAccounts1765756800000, BindingEnds1765843200000, UserChanges1765929600000,
  BindingHistory1766016000000, SuggestionAdoption1766102400000, PublicAreaBuilding1766188800000,
  LoginFailureAddress1766275200000, LoginKnownAddresses1766361600000, OnTimeFirstResolution1766448000000,
  OwnerNames1766534400000, PrintedTargets1766620800000, FollowUpRate1766707200000, UploadsPerDay1766793600000,
  EventCycles1766880000000, BindingRejectReason1766966400000];
