import { HouseBinding } from '../bindings/house-binding.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { FollowUp, Rating, Verification } from '../cases/feedback.entities';
import { Community } from '../communities/community.entity';
import { House } from '../communities/house.entity';
import { NotificationConsent, NotificationOutbox, WechatAccessToken } from '../notifications/notification.entities';
import { SlaPolicyRow } from '../sla/sla-policy.entity';
import { Upload } from '../uploads/upload.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  Community, House, User, HouseBinding, SlaPolicyRow, Case, CaseEvent, Verification, Rating, FollowUp,
  Upload, NotificationConsent, NotificationOutbox, WechatAccessToken,
];
