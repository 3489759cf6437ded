/**
 * A worker thread of `ledger verify`: each message is a block of whole COPY lines (UTF-8 bytes);
 * the answer is `checkSegment` of its entries — every hash recomputed, the links inside the
 * block checked. The main thread joins the answers in order (`ChainVerifier.pushSegment`).
 */
import { parentPort } from 'node:worker_threads';
import { checkSegment, type SegmentResult } from '#src/core/support/ledger.ts';
import { entriesFromCopyText } from './ledger.copy.ts';

export interface VerifyBlock {
  id: number;
  bytes: Uint8Array;
  heads: { seq: number; hash: string }[];
  givenHead: string | null;
}
export type VerifyAnswer = { id: number; result: SegmentResult | null } | { id: number; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

parentPort!.on('message', (m: VerifyBlock) => {
  let answer: VerifyAnswer;
  try {
    answer = { id: m.id, result: checkSegment(entriesFromCopyText(decoder.decode(m.bytes)), m.heads, m.givenHead) };
  } catch (err) {
    answer = { id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(answer);
});
