import { describe, expect, it } from 'vitest';
import { formatCoordinates, inVietnam, parseAngle, parseCoordinatePair, parseCoordinates } from './coordinates.ts';

const ok = (latitude: number, longitude: number) => ({ ok: true, value: { latitude, longitude } });

describe('coordinates as people type them', () => {
  it('reads decimal degrees with a dot or a Vietnamese decimal comma, numbers or text', () => {
    expect(parseAngle('21.0285')).toBe(21.0285);
    expect(parseAngle('21,0285')).toBe(21.0285);
    expect(parseAngle(' 105.8542° ')).toBe(105.8542);
    expect(parseAngle(105.8542)).toBe(105.8542);
    expect(parseAngle('-33.86')).toBe(-33.86);
    expect(parseAngle('abc')).toBeNull();
    expect(parseAngle('21.02.85')).toBeNull();
    expect(parseAngle(Number.NaN)).toBeNull();
  });

  it('reads degrees, minutes and seconds with N/E or the Vietnamese B (Bắc) / Đ (Đông)', () => {
    expect(parseAngle(`21°01'42.6"N`)).toBeCloseTo(21.0285, 6);
    expect(parseAngle(`105°51'15.1"E`)).toBeCloseTo(105.854194, 5);
    expect(parseAngle('21°01′42,6″B')).toBeCloseTo(21.0285, 6);
    expect(parseAngle('105°51′15″Đ')).toBeCloseTo(105.854167, 5);
    expect(parseAngle(`33°52'S`)).toBeCloseTo(-33.8667, 4);
    expect(parseAngle(`21°01.71'N`)).toBeCloseTo(21.0285, 6);
    expect(parseAngle(`21°75'00"N`)).toBeNull();
  });

  it('reads both numbers from one cell in the forms maps and this app give', () => {
    expect(parseCoordinatePair('21.0285, 105.8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('21.0285,105.8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('21,0285; 105,8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('21,0285, 105,8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('21.0285 105.8542')).toEqual(ok(21.0285, 105.8542));
    const dms = parseCoordinatePair(`21°01'42.6"N 105°51'15.1"E`);
    expect(dms.ok && dms.value && [dms.value.latitude.toFixed(4), dms.value.longitude.toFixed(4)]).toEqual(['21.0285', '105.8542']);
    expect(parseCoordinatePair('   ')).toEqual({ ok: true, value: null });
    // A map's whole address, pasted.
    expect(parseCoordinatePair('https://www.google.com/maps/place/Tr%C6%B0%E1%BB%9Dng/@21.0451089,105.8765201,17z/data=!3m1')).toEqual(ok(21.0451089, 105.8765201));
    expect(parseCoordinatePair('https://maps.google.com/?q=21.0285,105.8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('https://www.openstreetmap.org/?mlat=21.043&mlon=105.874#map=16/21.043/105.874')).toEqual(ok(21.043, 105.874));
    expect(parseCoordinatePair('https://www.openstreetmap.org/#map=16/21.0285/105.8542')).toEqual(ok(21.0285, 105.8542));
    expect(parseCoordinatePair('https://example.org/truong').ok).toBe(false);
  });

  it('says what is wrong: swapped, out of range, half given, not a number', () => {
    expect(parseCoordinatePair('105.8542, 21.0285')).toEqual({ ok: false, problem: 'coordinates_swapped' });
    expect(parseCoordinates('95', '300')).toEqual({ ok: false, problem: 'latitude_range' });
    expect(parseCoordinates('21', '181')).toEqual({ ok: false, problem: 'longitude_range' });
    expect(parseCoordinates('21.0285', '')).toEqual({ ok: false, problem: 'coordinates_incomplete' });
    expect(parseCoordinates(null, 105.8)).toEqual({ ok: false, problem: 'coordinates_incomplete' });
    expect(parseCoordinatePair('21.0285')).toEqual({ ok: false, problem: 'coordinates_incomplete' });
    expect(parseCoordinatePair('Hà Nội')).toEqual({ ok: false, problem: 'not_a_coordinate' });
    expect(parseCoordinates(null, null)).toEqual({ ok: true, value: null });
  });

  it('formats with decimal commas in Vietnamese and reads its own output back', () => {
    const c = { latitude: 21.0285, longitude: 105.8542 };
    expect(formatCoordinates(c)).toBe('21,0285; 105,8542');
    expect(formatCoordinates(c, 'en')).toBe('21.0285, 105.8542');
    for (const locale of ['vi', 'en'] as const) expect(parseCoordinatePair(formatCoordinates(c, locale))).toEqual(ok(21.0285, 105.8542));
  });

  it('knows Viet Nam from elsewhere', () => {
    expect(inVietnam({ latitude: 21.0285, longitude: 105.8542 })).toBe(true);
    expect(inVietnam({ latitude: 10.2899, longitude: 103.984 })).toBe(true);
    expect(inVietnam({ latitude: 48.8566, longitude: 2.3522 })).toBe(false);
  });
});
