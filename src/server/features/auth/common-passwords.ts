/**
 * Passwords too common to allow: the 49,233 most common passwords of the password list that
 * zxcvbn-ts ships (`@zxcvbn-ts/language-common`, `passwords-common`: ranked from leaked-password
 * corpora, kept by the zxcvbn-ts project), compared without case, plus words of this programme
 * that anyone would try first. Loaded once, on first use.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { foldForSearch } from '#src/core/vn/text.ts';

let common: Set<string> | null = null;

/** Names of this programme and Vietnamese words people use as passwords, with a digit suffix stripped before the check. */
const LOCAL_WORDS = ['chungtay', 'matkhau', 'hanoi', 'vietnam', 'sogddt', 'giaovien', 'hieutruong', 'truonghoc', 'ketnghia', 'quantri', 'admin'];

function commonSet(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = 'password_common' | 'password_contains_username';

/** Why a new password may not be used, or null. Length and letters/digits are checked by `passwordSchema`. */
export function passwordProblem(password: string, username?: string | null): PasswordProblem | null {
  const lower = password.toLowerCase();
  if (commonSet().has(lower)) return 'password_common';
  // "ChungTay@2025", "matkhau123": a local word with digits and symbols around it.
  const core = foldForSearch(password).replace(/[^a-z]/gu, '');
  if (LOCAL_WORDS.includes(core)) return 'password_common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'password_contains_username';
  return null;
}
