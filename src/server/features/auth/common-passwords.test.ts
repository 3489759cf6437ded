import { describe, expect, it } from 'vitest';
import { passwordProblem } from './common-passwords.ts';

describe('common passwords', () => {
  it('refuses passwords on the list whatever their case, and the programme’s own words', () => {
    expect(passwordProblem('Password123')).toBe('password_common');
    expect(passwordProblem('QWERTY123456')).toBe('password_common');
    expect(passwordProblem('ChungTay@2025')).toBe('password_common');
    expect(passwordProblem('matkhau12345')).toBe('password_common');
  });

  it('refuses a password containing the username, and accepts an uncommon one', () => {
    expect(passwordProblem('aimob.gv-2026-x', 'aimob.gv')).toBe('password_contains_username');
    expect(passwordProblem('Sen hồng nở 7 giờ')).toBeNull();
    expect(passwordProblem('k7#Tuyết-rơi-Sa-Pa')).toBeNull();
  });
});
