import { describe, expect, it } from 'vitest';
import { AUDIT_FIELD_LABELS, auditFieldLabel } from './field-labels.ts';

describe('the fields of the audit log as people read them (the page and the Excel export)', () => {
  it("names the fields of a pair, its MoU's signing, an account, a school and a sponsorship in Vietnamese and English, and an unknown field by its raw name", () => {
    // pair
    expect(auditFieldLabel('state', 'vi')).toBe('Trạng thái');
    expect(auditFieldLabel('schoolIds.1', 'en')).toBe('Schools › 1');
    // MoU signing (a row of the pair)
    expect(auditFieldLabel('signedOn', 'vi')).toBe('Ngày ký');
    expect(auditFieldLabel('number', 'en')).toBe('Document number');
    // account (an invitation, a change of role)
    expect(auditFieldLabel('expiresAt', 'vi')).toBe('Hết hạn lúc');
    expect(auditFieldLabel('expiresAt', 'en')).toBe('Expires at');
    expect(auditFieldLabel('school.name', 'vi')).toBe('Trường › Tên');
    // school
    expect(auditFieldLabel('shortName', 'vi')).toBe('Tên ngắn');
    expect(auditFieldLabel('principalName', 'en')).toBe('Principal');
    // sponsorship
    expect(auditFieldLabel('sponsorUsername', 'vi')).toBe('Tên đăng nhập của người đỡ đầu');
    // unknown (also a name only an object's prototype has), and the whole value
    expect(auditFieldLabel('someNewField', 'vi')).toBe('someNewField');
    expect(auditFieldLabel('constructor', 'vi')).toBe('constructor');
    expect(auditFieldLabel('', 'en')).toBe('·');
    for (const field of ['state', 'campaignId', 'signedOn', 'version', 'username', 'role', 'status', 'expiresAt', 'disabledAt', 'code', 'name', 'level', 'students']) {
      expect(AUDIT_FIELD_LABELS[field], field).toEqual({ vi: expect.stringMatching(/\S/u), en: expect.stringMatching(/\S/u) });
    }
  });
});

describe("the fields of the demo's audit log", () => {
  it('all read in words, none as its code (so.admin saw "issuedOn", "mouTemplate", "valueVnd", "fullName" on the Nhật ký page)', () => {
    const seen = ['acknowledgedAt', 'activities', 'beneficiary', 'campaign', 'committeeRole', 'contribution', 'countedVnd', 'deliveredOn', 'description', 'erased', 'fullName', 'hardship', 'id', 'issuedOn', 'issuer', 'kind', 'ledgerSeq', 'mouTemplate', 'mouVersion', 'newPairId', 'nextCampaignId', 'onPaper', 'paidOn', 'paidVnd', 'pair', 'pairId', 'pairs', 'payments', 'periodOn', 'personKind', 'place', 'plans', 'position', 'publishable', 'quantity', 'receivedBy', 'receivedOn', 'schoolYear', 'schoolYears', 'schools', 'session', 'sponsorship', 'supportId', 'title', 'unit', 'users', 'valueVnd'];
    for (const field of seen) {
      expect(auditFieldLabel(field, 'vi'), field).not.toBe(field);
      expect(auditFieldLabel(field, 'en'), field).not.toBe(field);
    }
    expect(auditFieldLabel('issuedOn', 'vi')).toBe('Ngày ban hành');
    expect(auditFieldLabel('valueVnd', 'vi')).toBe('Giá trị (đồng)');
  });
});
