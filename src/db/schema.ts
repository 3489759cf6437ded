import type {
  ActivityFileTable,
  ActivityKindTable,
  ActivityParticipantTable,
  ActivityPersonTable,
  ActivityTable,
  CalendarFeedTable,
  PairActivityCountTable,
} from '#src/server/features/activities/activity.table.ts';
import type { AuditLogTable } from '#src/server/features/audit/audit.table.ts';
import type { AccountTokenTable, LoginThrottleTable, MailThrottleTable, SessionTable, TotpRecoveryCodeTable, UserTotpTable } from '#src/server/features/auth/session.table.ts';
import type { CampaignTable } from '#src/server/features/campaigns/campaign.table.ts';
import type { MatchingRunTable, MatchingWishTable } from '#src/server/features/matching/matching.table.ts';
import type { AppMetaTable } from '#src/server/features/meta/meta.table.ts';
import type {
  DocumentCounterTable,
  DocumentRegisterTable,
  MouNoticeResponseTable,
  MouNoticeTable,
  MouScanTable,
  MouSignatureTable,
  MouTable,
  PairMemberTable,
  PairTable,
  SteeringMemberTable,
} from '#src/server/features/pairs/pair.table.ts';
import type {
  AdminUnitCatalogueTable,
  AdminUnitDivisionTable,
  AdminUnitTable,
  CapabilityAreaTable,
  SchoolCapabilityTable,
  SchoolContactTable,
  SchoolImportTable,
  SchoolLocationTable,
  SchoolNameHistoryTable,
  SchoolTable,
} from '#src/server/features/schools/school.table.ts';
// support
import type {
  BeneficiaryAccessLogTable,
  BeneficiarySupportTable,
  BeneficiaryTable,
  ContributionDeliveryTable,
  ContributionTable,
  LedgerEntryTable,
  LedgerHeadTable,
  SupportMinutesCounterTable,
} from '#src/server/features/support/support.table.ts';
import type { AppUserTable } from '#src/server/features/users/user.table.ts';
// onboarding
import type { OnboardingRunTable } from '#src/server/features/users/onboarding.table.ts';
// news
import type { NewsPostTable, NewsSlugTable } from '#src/server/features/news/news.table.ts';
// sponsorships
import type { SponsorshipPaymentCorrectionTable, SponsorshipPaymentTable, SponsorshipReminderTable, SponsorshipTable } from '#src/server/features/support/support.table.ts';
// paper
import type { PaperRecordTable } from '#src/server/features/pairs/paper.table.ts';
// notify
import type { MailMessageTable, MailUnsubscribeTable } from '#src/server/mail/mail.table.ts';
import type { ActivityWatchTable, NotificationPreferenceTable, NotificationTable, ReminderSentTable } from '#src/server/features/notifications/notification.table.ts';
// plans
import type { PairPlanTable, PlanApprovalTable, PlanVersionTable } from '#src/server/features/plans/plan.table.ts';

/** Every table, as Kysely sees it. Row types live beside each feature's repository. */
export interface Database {
  admin_unit: AdminUnitTable;
  admin_unit_division: AdminUnitDivisionTable;
  admin_unit_catalogue: AdminUnitCatalogueTable;
  school: SchoolTable;
  school_location: SchoolLocationTable;
  school_name_history: SchoolNameHistoryTable;
  school_contact: SchoolContactTable;
  capability_area: CapabilityAreaTable;
  school_capability: SchoolCapabilityTable;
  school_import: SchoolImportTable;
  campaign: CampaignTable;
  pair: PairTable;
  pair_member: PairMemberTable;
  mou: MouTable;
  mou_signature: MouSignatureTable;
  document_counter: DocumentCounterTable;
  document_register: DocumentRegisterTable;
  mou_notice: MouNoticeTable;
  mou_notice_response: MouNoticeResponseTable;
  mou_scan: MouScanTable;
  steering_member: SteeringMemberTable;
  activity: ActivityTable;
  pair_activity_count: PairActivityCountTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  matching_wish: MatchingWishTable;
  matching_run: MatchingRunTable;
  // activities
  activity_kind: ActivityKindTable;
  activity_participant: ActivityParticipantTable;
  activity_person: ActivityPersonTable;
  activity_file: ActivityFileTable;
  calendar_feed: CalendarFeedTable;
  // paper
  paper_record: PaperRecordTable;
  // notify
  mail_message: MailMessageTable;
  mail_unsubscribe: MailUnsubscribeTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  reminder_sent: ReminderSentTable;
  // support
  contribution: ContributionTable;
  support_minutes_counter: SupportMinutesCounterTable;
  contribution_delivery: ContributionDeliveryTable;
  ledger_entry: LedgerEntryTable;
  ledger_head: LedgerHeadTable;
  beneficiary: BeneficiaryTable;
  beneficiary_support: BeneficiarySupportTable;
  beneficiary_access_log: BeneficiaryAccessLogTable;
  // accounts
  account_token: AccountTokenTable;
  // news
  news_post: NewsPostTable;
  news_slug: NewsSlugTable;
  // plans
  pair_plan: PairPlanTable;
  plan_version: PlanVersionTable;
  plan_approval: PlanApprovalTable;
  // accounts: two-factor sign-in, mail throttle
  user_totp: UserTotpTable;
  totp_recovery_code: TotpRecoveryCodeTable;
  mail_throttle: MailThrottleTable;
  // sponsorships
  sponsorship: SponsorshipTable;
  sponsorship_payment: SponsorshipPaymentTable;
  sponsorship_reminder: SponsorshipReminderTable;
  sponsorship_payment_correction: SponsorshipPaymentCorrectionTable;
  // audit: activity reminders
  activity_watch: ActivityWatchTable;
  // onboarding
  onboarding_run: OnboardingRunTable;
}
