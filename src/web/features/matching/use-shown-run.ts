/**
 * The run the page shows: kept in the address (?run=…), so that coming back to the page
 * or reloading shows it again, and remembered in the tab for a return from the menu.
 */
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useRun } from './matching-api';

const LAST_RUN = 'chungtay.matching.lastRun';

export function useShownRun() {
  const [search, setSearch] = useSearchParams();
  const runId = search.get('run');
  const setRunId = (id: string | null) => {
    if (id) sessionStorage.setItem(LAST_RUN, id);
    setSearch(id ? { run: id } : {}, { replace: false });
  };
  // Back on the page from the menu: the run last looked at in this tab.
  useEffect(() => {
    const last = sessionStorage.getItem(LAST_RUN);
    if (!runId && last) setSearch({ run: last }, { replace: true });
    // Only when the page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const run = useRun(runId);
  // A run that cannot be shown (another user's, gone): back to an empty page.
  useEffect(() => {
    if (run.isError && runId) {
      sessionStorage.removeItem(LAST_RUN);
      setSearch({}, { replace: true });
    }
  }, [run.isError, runId, setSearch]);
  const r = run.data;
  /** A run asked for and not finished yet (or not loaded yet). */
  const running = Boolean(runId) && (!r || r.status === 'queued' || r.status === 'running');
  return { runId, setRunId, run: r, running };
}
