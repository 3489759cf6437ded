/**
 * The demo data itself (`chungtay demo`, loaded by the test app by default): loaded once, and
 * the story it tells. Tests of features build their own rows (test/factories) instead.
 */
import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { localUploadsDir } from '#src/server/files/create-file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp();

async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('the demo data', () => {
  it('loads only once: a second load changes nothing', async () => {
    const count = async () =>
      Number((await t.db.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(10);
    const again = await loadDemoData(t.db, systemContext('test'), new LocalFileStore(localUploadsDir(t.dataDir)));
    expect(again).toEqual({ loaded: false, reason: 'already-loaded' });
    expect(await count()).toBe(10);
    expect(await auditRows('demo.load')).toHaveLength(1);
  });

  it('holds the signed MoU of Chu Phan – Ái Mộ B with its five articles and both principals', async () => {
    const mou = await t.db
      .selectFrom('mou')
      .selectAll()
      .where('status', '=', 'signed')
      // The demo's first signature (later ones: Nhân Chính – PTDTNT on 25/10/2023, the 2026–2028 phase).
      .orderBy('signed_on')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(mou.signed_on).toBe('2023-03-13');
    const content = mou.content as { articles: { number: number; title: string }[] };
    expect(content.articles.map((a) => a.title)).toEqual([
      'Mục tiêu',
      'Nội dung và cách thức triển khai',
      'Thời gian thực hiện',
      'Cơ chế hợp tác và trao đổi thông tin',
      'Cơ chế thực hiện',
    ]);
    const signatures = await t.db.selectFrom('mou_signature').select('signatory_name').where('mou_id', '=', mou.id).execute();
    expect(signatures.map((s) => s.signatory_name).sort()).toEqual(['Hoàng Thị Bích Thu', 'Nguyễn Văn Tuấn']);
  });
});
