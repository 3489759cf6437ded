/**
 * The hand-over minutes of a delivery as DOCX or PDF (the Decree 30 layout model), and the
 * Excel export of contributions and deliveries (never a beneficiary).
 */
import ExcelJS from 'exceljs';
import { scopeFor } from '#src/core/access/policy.ts';
import { authorize } from '#src/core/access/guard.ts';
import { KIND_VI, money, quantityText, type ContributionKind } from '#src/core/support/contribution.ts';
import { formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import { renderHandoverDocx, renderHandoverPdf, type HandoverDocumentInput } from '#src/documents/handover.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { ContributionNotFoundError } from './support.service.ts';
import { campaignOf, exportRows, findContribution, findDelivery, schoolNames } from './support.repository.ts';
import { schoolFactOn } from '#src/server/access/facts.repository.ts';

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

export interface RenderedDocument {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

const calendar = (iso: string) => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });

/** The minutes of one delivery, for whoever may read its contribution. */
export async function renderMinutes(db: Db, ctx: CallContext, deliveryId: string, format: 'docx' | 'pdf', now: Date): Promise<RenderedDocument> {
  const d = await findDelivery(db, deliveryId);
  if (!d) throw new ContributionNotFoundError();
  const c = await findContribution(db, d.contribution_id);
  if (!c) throw new ContributionNotFoundError();
  const facts = { school: await schoolFactOn(db, c.school_id, isoDateInHanoi(now)), contribution: { schoolId: c.school_id, donorSchoolId: c.donor_school_id } };
  authorize(ctx.actor, 'support.read', facts, { onWho: () => new ContributionNotFoundError() });
  const issuer = (await schoolNames(db, [d.issuer_school_id]))[0]!;
  const campaign = c.campaign_id ? await campaignOf(db, c.campaign_id) : undefined;
  const input: HandoverDocumentInput = {
    number: { seq: d.minutes_seq, symbol: d.minutes_number.replace(/^\d+\//u, '') },
    issuer: issuer.name,
    place: d.place,
    date: calendar(d.delivered_on),
    bases: campaign
      ? [`Căn cứ Kế hoạch số ${campaign.number} ngày ${formatDate(campaign.issued_on)} của ${campaign.issuer} về việc tổ chức phong trào "${campaign.title}";`, 'Căn cứ nhu cầu thực tế và sự thống nhất của hai bên,']
      : [],
    giver: { name: c.donor_name, person: d.handed_over_by },
    receiver: { name: c.school_name, person: d.received_by },
    items: [{ description: d.description, quantity: quantityText(Number(d.quantity)), unit: c.unit, value: money(Number(d.value_vnd)) }],
    kindLabel: KIND_VI[c.kind],
    acknowledgedAt: d.acknowledged_at ? d.acknowledged_at.toISOString() : null,
  };
  const bytes = format === 'docx' ? await renderHandoverDocx(input) : await renderHandoverPdf(input);
  const slug = d.minutes_number.replace(/Đ/gu, 'D').replace(/[^A-Za-z0-9-]+/gu, '-');
  return { bytes, fileName: `bien-ban-ban-giao-${slug}.${format}`, contentType: CONTENT_TYPES[format] };
}

/**
 * A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, and a tab or
 * carriage return before them) gets a leading apostrophe: shown as text, never run.
 */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

const STATE_VI: Record<string, string> = {
  pledged: 'Đã cam kết',
  'partly-delivered': 'Đã bàn giao một phần',
  delivered: 'Đã bàn giao',
  acknowledged: 'Đã xác nhận',
  cancelled: 'Đã hủy',
};

/** Contributions and deliveries of the caller's scope as .xlsx: one row per delivery (or per pledge without one). */
export async function exportContributions(db: Db, ctx: CallContext, now: Date): Promise<Buffer> {
  authorize(ctx.actor, 'support.export');
  const scope = scopeFor(ctx.actor, 'support.read');
  const rows = scope ? await exportRows(db, scope, isoDateInHanoi(now)) : [];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Chung Tay';
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Đóng góp');
  ws.columns = [
    { header: 'Nhà tài trợ', key: 'donor', width: 34 },
    { header: 'Công khai', key: 'anonymous', width: 12 },
    { header: 'Loại', key: 'kind', width: 20 },
    { header: 'Nội dung cam kết', key: 'description', width: 40 },
    { header: 'Số lượng cam kết', key: 'quantity', width: 14 },
    { header: 'Đơn vị', key: 'unit', width: 10 },
    { header: 'Giá trị cam kết (₫)', key: 'value', width: 18 },
    { header: 'Trường nhận', key: 'school', width: 34 },
    { header: 'Trạng thái', key: 'state', width: 20 },
    { header: 'Ngày bàn giao', key: 'deliveredOn', width: 14 },
    { header: 'Nội dung bàn giao', key: 'deliveryDescription', width: 40 },
    { header: 'Số lượng bàn giao', key: 'deliveryQuantity', width: 14 },
    { header: 'Giá trị bàn giao (₫)', key: 'deliveryValue', width: 18 },
    { header: 'Biên bản số', key: 'minutes', width: 16 },
    { header: 'Bên giao', key: 'handedOverBy', width: 28 },
    { header: 'Bên nhận', key: 'receivedBy', width: 28 },
    { header: 'Đã xác nhận', key: 'acknowledged', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const text = (v: string | null | undefined) => (v == null ? null : escapeCell(v));
    ws.addRow({
      donor: text(r.donor_name),
      anonymous: r.anonymous ? 'Ẩn danh' : 'Có',
      kind: KIND_VI[r.kind as ContributionKind],
      description: text(r.description),
      quantity: Number(r.quantity),
      unit: text(r.unit),
      value: Number(r.value_vnd),
      school: text(r.school_name),
      state: STATE_VI[r.state] ?? r.state,
      deliveredOn: r.delivered_on ? formatDate(r.delivered_on) : null,
      deliveryDescription: text(r.delivery_description),
      deliveryQuantity: r.delivery_quantity === null ? null : Number(r.delivery_quantity),
      deliveryValue: r.delivery_value_vnd === null ? null : Number(r.delivery_value_vnd),
      minutes: text(r.minutes_number),
      handedOverBy: text(r.handed_over_by),
      receivedBy: text(r.received_by),
      acknowledged: r.acknowledged_at ? 'Có' : 'Chưa',
    });
  }
  for (const key of ['value', 'deliveryValue']) ws.getColumn(key).numFmt = '#,##0 "₫"';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
