import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';
import { ROLES } from './roles.ts';

/** Usernames: lower-case ASCII, digits and . _ - ; 3–40 characters ("aimob.ht"). */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^[a-z0-9._-]{3,40}$/u.test(v), { params: { key: 'username_format' } });

/** At least 10 characters with a letter and a digit. */
export const passwordSchema = z
  .string()
  .max(200)
  .refine((p) => p.length >= 10 && /\p{L}/u.test(p) && /\p{N}/u.test(p), { params: { key: 'password_weak' } });

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: singleLineText().min(1).max(120),
  email: z.string().trim().email().optional(),
  /** Absent: the account is invited (a one-time link to its e-mail sets the password). */
  password: passwordSchema.optional(),
  role: z.enum(ROLES),
  schoolCode: z.string().trim().min(1).optional(),
  /** The school by id (the page's picker), instead of its code. */
  schoolId: z.uuid().optional(),
  adminUnitCode: z.string().trim().min(1).optional(),
  locale: z.enum(['vi', 'en']).optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;

// accounts: user administration, one's own password and sessions.

/** Account statuses as the list shows them: invited (no password yet), active, disabled. */
export const ACCOUNT_STATUSES = ['active', 'invited', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** A change of an account by someone who manages it: each field optional, at least one. */
export const userPatchSchema = z
  .strictObject({
    displayName: singleLineText().min(1).max(120).optional(),
    email: z.string().trim().email().max(200).nullable().optional(),
    role: z.enum(ROLES).optional(),
    /** The account's school (school roles). */
    schoolId: z.uuid().nullable().optional(),
    /** The area an area officer oversees. */
    adminUnitId: z.uuid().nullable().optional(),
    locale: z.enum(['vi', 'en']).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { params: { key: 'nothing_to_change' } });
export type UserPatch = z.infer<typeof userPatchSchema>;

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

/** The list of accounts: search (diacritics and case ignored), filters and a page. */
export const userListQuerySchema = z.object({
  q: singleLineText().max(100).optional(),
  role: z.enum(ROLES).optional(),
  schoolId: z.uuid().optional(),
  status: z.enum(['all', ...ACCOUNT_STATUSES]).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

/** An account as `POST /api/users` names it (beside the full `account`), and as the users service returns it. */
export const createdUserDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  schoolId: z.string().nullable(),
  adminUnitId: z.string().nullable(),
});
export type CreatedUserDto = z.infer<typeof createdUserDto>;

export const userDtoSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(ACCOUNT_STATUSES),
  locale: z.enum(['vi', 'en']),
  school: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  area: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type AccountDto = z.infer<typeof userDtoSchema>;

/** A page of `GET /api/users`: its total counted as the school list's (decision 0029). */
export const userListDto = z.object({
  items: z.array(userDtoSchema),
  /** how many accounts match; when `totalExact` is false, more than this many ("more than 1,000") */
  total: z.number().int(),
  /** false when the list stopped counting at `total` (a list without search words counts up to 1,000–2,000 past its page) */
  totalExact: z.boolean(),
});
export type UserListDto = z.infer<typeof userListDto>;
