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
  password: passwordSchema,
  role: z.enum(ROLES),
  schoolCode: z.string().trim().min(1).optional(),
  adminUnitCode: z.string().trim().min(1).optional(),
  locale: z.enum(['vi', 'en']).optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;
