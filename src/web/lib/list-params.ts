import { useSearchParams } from 'react-router';

/**
 * A list page's filters, search and paging, kept in the address so that a list can be
 * shared and reloaded: `get` a value, `list` a comma-separated one, `set` some (an empty
 * value removes the parameter; back to the first page, without a page cursor, unless `resetPage` is false).
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const list = (k: string) => (params.get(k) ? params.get(k)!.split(',') : []);
  const set = (changes: Record<string, string | string[] | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      const value = Array.isArray(v) ? v.join(',') : v;
      if (value) next.set(k, value);
      else next.delete(k);
    }
    // A cursor (`after`, the registry's next page) belongs to its page: it goes with it.
    if (resetPage) {
      next.delete('page');
      next.delete('after');
    }
    setParams(next, { replace: true });
  };
  return { get, list, set, limit: Number(get('limit') ?? 20), page: Number(get('page') ?? 1) };
}
