/**
 * Candidate partners within a distance, without looking at every pair: the schools of one side
 * are put in a grid of cells at least `maxKm` wide, so that every school within `maxKm` of a
 * point lies in its cell or the eight around it. A country level (15,000 schools, a limit of
 * 30 km) then scores tens of thousands of pairs instead of tens of millions. It only narrows the
 * candidates: the caller still checks the exact (haversine) distance. Schools without
 * coordinates are candidates for everyone (a maximum distance does not limit them). Pure.
 */

export interface Located {
  latitude: number | null;
  longitude: number | null;
}

/** Shortest length of one degree of latitude (at the equator), km. */
const KM_PER_DEG_LAT_MIN = 110.574;
/** Length of one degree of longitude at the equator, km. */
const KM_PER_DEG_LON_EQUATOR = 111.32;

export interface NearbyIndex {
  /** Indices of `points` that may be within the distance of (lat, lon), in increasing order; all of them when (lat, lon) is unknown. */
  candidates(lat: number | null, lon: number | null, out: number[]): number[];
}

/** Every index, in order: what a pair loop without a limit looks at. */
function everything(n: number): NearbyIndex {
  return {
    candidates(_lat, _lon, out) {
      out.length = 0;
      for (let i = 0; i < n; i++) out.push(i);
      return out;
    },
  };
}

/**
 * An index over `points` for a limit of `maxKm`, or one that returns every point when the grid
 * would not be exact or not help (no limit, a limit of 500 km or more, schools far from the
 * equator where longitude cells get wide).
 */
export function nearbyIndex(points: readonly Located[], queries: readonly Located[], maxKm: number | null): NearbyIndex {
  const n = points.length;
  if (maxKm === null || !(maxKm > 0) || maxKm >= 500) return everything(n);
  let maxAbsLat = 0;
  for (const p of [...points, ...queries]) if (p.latitude !== null && Math.abs(p.latitude) > maxAbsLat) maxAbsLat = Math.abs(p.latitude);
  // Cells sized for the highest latitude seen (longitude degrees are shortest there), with a
  // margin of 5° and of 10 % so that rounding never loses a neighbour.
  if (maxAbsLat > 60) return everything(n);
  // Near the antimeridian, neighbouring cells would not be neighbours in the grid.
  for (const p of [...points, ...queries]) if (p.longitude !== null && Math.abs(p.longitude) > 170) return everything(n);
  const cellLat = (1.1 * maxKm) / KM_PER_DEG_LAT_MIN;
  const cellLon = (1.1 * maxKm) / (KM_PER_DEG_LON_EQUATOR * Math.cos(((maxAbsLat + 5) * Math.PI) / 180));
  const cells = new Map<string, number[]>();
  const unplaced: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    if (p.latitude === null || p.longitude === null) {
      unplaced.push(i);
      continue;
    }
    const key = `${Math.floor(p.latitude / cellLat)}|${Math.floor(p.longitude / cellLon)}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  }
  const all = everything(n);
  return {
    candidates(lat, lon, out) {
      if (lat === null || lon === null) return all.candidates(lat, lon, out);
      out.length = 0;
      const cy = Math.floor(lat / cellLat);
      const cx = Math.floor(lon / cellLon);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const list = cells.get(`${cy + dy}|${cx + dx}`);
          if (list) for (const i of list) out.push(i);
        }
      }
      for (const i of unplaced) out.push(i);
      // Increasing order, as a loop over every point would give them (results stay identical).
      out.sort((a, b) => a - b);
      return out;
    },
  };
}
