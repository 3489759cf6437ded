/**
 * What people are told, by kind. Each person chooses per kind how (`Channel`): in the app only,
 * by e-mail at once, in the daily digest (07:00 Hanoi time), or not at all. The default is
 * e-mail at once: nothing should wait in the app without the right person knowing.
 */
export const NOTIFICATION_KINDS = [
  'pair.proposed',
  'pair.awaitingAcceptance',
  'pair.awaitingApproval',
  'pair.approved',
  'mou.awaitingSignature',
  'mou.signedByPartner',
  'mou.signed',
  'notice.received',
  'notice.answered',
  'notice.awaitingAnswer',
  'escalation',
  // plans
  'plan.awaitingApproval',
  'plan.approved',
  // sponsorships
  'sponsorship.paymentDue',
  // activities: a few days ahead, left open after its date
  'activity.upcoming',
  'activity.open',
  // plans: taken back to draft while awaiting approval
  'plan.withdrawn',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['app', 'email', 'digest', 'off'] as const;
export type ChannelChoice = (typeof CHANNELS)[number];

export const DEFAULT_CHANNEL: Record<NotificationKind, ChannelChoice> = {
  'pair.proposed': 'email',
  'pair.awaitingAcceptance': 'email',
  'pair.awaitingApproval': 'email',
  'pair.approved': 'email',
  'mou.awaitingSignature': 'email',
  'mou.signedByPartner': 'email',
  'mou.signed': 'email',
  'notice.received': 'email',
  'notice.answered': 'email',
  'notice.awaitingAnswer': 'email',
  escalation: 'digest',
  // plans
  'plan.awaitingApproval': 'email',
  'plan.approved': 'email',
  // sponsorships
  'sponsorship.paymentDue': 'email',
  'activity.upcoming': 'email',
  'activity.open': 'email',
  // plans: taken back to draft while awaiting approval
  'plan.withdrawn': 'email',
};

export const isNotificationKind = (k: string): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);

/** 07:00 in Hanoi (UTC+7, no daylight saving) as a cron in UTC: pg-boss schedules run in UTC unless told a zone. */
export const DIGEST_CRON = '0 7 * * *';
export const DIGEST_TZ = 'Asia/Ho_Chi_Minh';
