import { describe, expect, it } from 'vitest';
import { MOU_TEMPLATE, mouPhaseIn, phaseText, phaseWithinCampaign, placeholdersIn, renderMouContent, templatise } from './placeholders.ts';
import { fillMouTemplate, MOVEMENT_TITLE, SEED_MOU_TEMPLATE } from './seed-template.ts';

const plan4340 = { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', issuer: 'Sở GDĐT Hà Nội', title: MOVEMENT_TITLE };
const seedParties = ['Trường TH Chu Phan huyện Mê Linh', 'Trường TH Ái Mộ B quận Long Biên'];

describe('MoU placeholders', () => {
  it('the template filled for Chu Phan – Ái Mộ B on 13/03/2023 gives the seed MoU word for word', () => {
    const rendered = renderMouContent(MOU_TEMPLATE, { parties: seedParties, phase: '2023-2025', datedOn: '2023-03-13', campaign: plan4340 });
    const seed = fillMouTemplate(SEED_MOU_TEMPLATE, { parties: seedParties, phase: '2023 - 2025' });
    expect(rendered.articles).toEqual(seed.articles);
    expect(rendered.articles[2]!.clauses[0]).toMatch(/^Từ tháng 3\/2023 đến hết tháng 12\/2025\./u);
    expect(rendered.preamble[0]).toBe(
      'Căn cứ Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022 của Sở GDĐT Hà Nội về việc tổ chức phong trào "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm" giai đoạn 2023 - 2025;',
    );
  });

  it('the template keeps its placeholders: the period, the plan and the parties are filled only when rendered', () => {
    expect(placeholdersIn(MOU_TEMPLATE).sort()).toEqual(['{A}', '{B}', '{campaignDate}', '{campaignIssuer}', '{campaignNumber}', '{from}', '{movement}', '{phase}', '{until}'].sort());
    const text = JSON.stringify(MOU_TEMPLATE);
    expect(text.replace("CT GDPT 2018", "")).not.toMatch(/20\d\d/u);
  });

  it('a draft of 2026 for the phase 2026-2028 says so in its title years, its basis and Điều 3', () => {
    const next = { number: '1234/KH-SGDĐT', issuedOn: '2026-08-20', issuer: 'Sở Giáo dục và Đào tạo Hà Nội', title: MOVEMENT_TITLE };
    const r = renderMouContent(MOU_TEMPLATE, { parties: ['Trường TH Chu Phan xã Yên Lãng', 'Trường TH Ái Mộ B phường Bồ Đề'], phase: '2026-2028', datedOn: '2026-12-05', campaign: next });
    const all = JSON.stringify(r);
    expect(all).not.toMatch(/2023|2025|4340/u);
    expect(r.preamble[0]).toContain('Kế hoạch số 1234/KH-SGDĐT ngày 20/08/2026 của Sở Giáo dục và Đào tạo Hà Nội');
    expect(r.preamble[0]).toContain('giai đoạn 2026 - 2028;');
    expect(r.articles[2]!.clauses[0]).toMatch(/^Từ tháng 12\/2026 đến hết tháng 12\/2028\./u);
    expect(r.articles[1]!.clauses[0]).toMatch(/^Trường TH Chu Phan xã Yên Lãng và Trường TH Ái Mộ B phường Bồ Đề/u);
  });

  it('a signed text turned back into placeholders follows the next phase, keeping what the schools wrote', () => {
    const signed = fillMouTemplate(SEED_MOU_TEMPLATE, { parties: seedParties, phase: '2023 - 2025' });
    signed.articles[1]!.clauses.push('Mỗi học kỳ tổ chức một buổi sinh hoạt chuyên môn chung.');
    const t = templatise(signed, { parties: seedParties, campaign: plan4340 });
    expect(t.articles[2]!.clauses[0]).toMatch(/^Từ tháng \{from\} đến hết tháng \{until\}\./u);
    expect(t.articles[1]!.clauses[0]).toMatch(/^\{A\} và \{B\} triển khai/u);
    expect(t.preamble[0]).toContain('Kế hoạch số {campaignNumber} ngày {campaignDate} của {campaignIssuer}');
    expect(t.preamble[0]).toContain('giai đoạn {phase};');
    expect(t.articles[1]!.clauses.at(-1)).toBe('Mỗi học kỳ tổ chức một buổi sinh hoạt chuyên môn chung.');
    expect(JSON.stringify(t)).not.toMatch(/2023|2025/u);
  });

  it('unknown placeholders stay as typed', () => {
    const r = renderMouContent({ preamble: ['{C} và {khac}'], articles: [{ number: 1, title: 'T', clauses: ['{phase}'] }] }, { parties: ['A', 'B'], phase: '2026-2026', datedOn: '2026-01-05', campaign: plan4340 });
    expect(r.preamble[0]).toBe('{C} và {khac}');
    expect(r.articles[0]!.clauses[0]).toBe('2026');
  });
});

describe('the phase of an MoU within its campaign', () => {
  it('is never outside the campaign', () => {
    expect(mouPhaseIn(2022, 2025, 2023)).toBe('2023-2025');
    expect(mouPhaseIn(2022, 2025, 2026)).toBe('2022-2025');
    expect(mouPhaseIn(2026, 2028, 2025)).toBe('2026-2028');
    expect(phaseWithinCampaign('2026-2028', 2026, 2028)).toBe(true);
    expect(phaseWithinCampaign('2027-2028', 2026, 2028)).toBe(true);
    expect(phaseWithinCampaign('2025-2028', 2026, 2028)).toBe(false);
    expect(phaseWithinCampaign('2026-2029', 2026, 2028)).toBe(false);
    expect(phaseText('2023-2025')).toBe('2023 - 2025');
  });
});
