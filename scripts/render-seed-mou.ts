/**
 * Renders the seed MoU (Chu Phan – Ái Mộ B, 13/03/2023) to /tmp/mou.pdf and /tmp/mou.docx
 * (or to the directory given as the first argument), and times N renders of each.
 *
 *   npx tsx scripts/render-seed-mou.ts [outDir] [--signed] [--bench=20]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedMouDocumentInput } from '../src/documents/fixtures/seed-mou.ts';
import type { MouDocumentInput } from '../src/documents/layout.ts';
import { verificationUrl } from '../src/documents/layout.ts';
import { renderMouDocx } from '../src/documents/mou-docx.ts';
import { renderMouPdf } from '../src/documents/mou-pdf.ts';

const args = process.argv.slice(2);
const outDir = args.find((a) => !a.startsWith('--')) ?? '/tmp';
const signed = args.includes('--signed');
const bench = Number(args.find((a) => a.startsWith('--bench='))?.slice('--bench='.length) ?? 0);

const input: MouDocumentInput = signed
  ? {
      ...seedMouDocumentInput,
      signatures: [
        { signatory: 0, signedAt: '2023-03-13T02:30:00Z', versionSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
        { signatory: 1, signedAt: '2023-03-13T02:41:00Z', versionSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      ],
      verification: { code: 'CT7K-Q29X', url: verificationUrl('http://localhost:3000', 'CT7K-Q29X') },
    }
  : seedMouDocumentInput;

const pdf = await renderMouPdf(input);
const docx = await renderMouDocx(input);
writeFileSync(join(outDir, 'mou.pdf'), pdf);
writeFileSync(join(outDir, 'mou.docx'), docx);
console.log(`wrote ${join(outDir, 'mou.pdf')} (${pdf.length} bytes) and ${join(outDir, 'mou.docx')} (${docx.length} bytes)`);

async function median(label: string, f: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < bench; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = times.length % 2 ? (times[(times.length - 1) / 2] ?? 0) : ((times[times.length / 2 - 1] ?? 0) + (times[times.length / 2] ?? 0)) / 2;
  console.log(`${label}: median ${mid.toFixed(1)} ms over ${bench} renders (min ${times[0]?.toFixed(1)}, max ${times[times.length - 1]?.toFixed(1)})`);
}

if (bench > 0) {
  await median('DOCX', () => renderMouDocx(input));
  await median('PDF', () => renderMouPdf(input));
}
