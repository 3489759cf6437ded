/**
 * A changed text with its removed words struck through and its added words marked (MoU and plan
 * versions). A replaced phrase is set apart from its replacement by a space, so "~~Ông Nguyễn~~
 * Bà Vũ" does not read as one run-on word.
 */
export function WordDiff({ words }: { words: readonly { op: 'equal' | 'insert' | 'delete'; text: string }[] }) {
  return (
    <>
      {words.map((w, k) =>
        w.op === 'equal' ? (
          <span key={k}>{w.text}</span>
        ) : w.op === 'insert' ? (
          <span key={k}>
            {words[k - 1]?.op === 'delete' && !/\s$/u.test(words[k - 1]!.text) ? ' ' : ''}
            <ins className="diff-ins">{w.text}</ins>
          </span>
        ) : (
          <del key={k} className="diff-del">
            {w.text}
          </del>
        ),
      )}
    </>
  );
}
