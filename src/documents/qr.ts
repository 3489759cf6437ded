import QRCode from 'qrcode';
import type { Block, DocumentLayout } from './layout.ts';

/** A QR code as a PNG (black on white, no quiet zone: the layout leaves room around it). */
export function qrPng(url: string, widthPx = 264): Promise<Buffer> {
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 0,
    width: widthPx,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

/** The PNG of every QR code of a layout, by URL. */
export async function qrImagesOf(layout: DocumentLayout): Promise<Map<string, Buffer>> {
  const urls = new Set<string>();
  const visit = (b: Block): void => {
    if (b.kind === 'qr') urls.add(b.url);
    else if (b.kind === 'table') for (const r of b.rows) for (const c of r.cells) c.forEach(visit);
  };
  layout.body.forEach(visit);
  const out = new Map<string, Buffer>();
  for (const u of urls) out.set(u, await qrPng(u));
  return out;
}
