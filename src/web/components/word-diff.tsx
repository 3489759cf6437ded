/** A changed text with its removed words struck through and its added words marked (MoU and plan versions). */
export function WordDiff({ words }: { words: readonly { op: 'equal' | 'insert' | 'delete'; text: string }[] }) {
  return (
    <>
      {words.map((w, k) =>
        w.op === 'equal' ? (
          <span key={k}>{w.text}</span>
        ) : w.op === 'insert' ? (
          <ins key={k} className="diff-ins">
            {w.text}
          </ins>
        ) : (
          <del key={k} className="diff-del">
            {w.text}
          </del>
        ),
      )}
    </>
  );
}
