/** The registry's input schemas, shared by the server routes and the page's forms. */
import { z } from 'zod';
import { isPhoneNumber } from '#src/core/vn/phone.ts';
import { isoDateText, singleLineText } from '#src/core/text-schema.ts';
import { cleanText } from '#src/core/vn/text.ts';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_LEVELS } from './school.ts';

const text = (max: number) => singleLineText().max(max * 2).transform(cleanText).pipe(z.string().min(1).max(max));
const optionalText = (max: number) =>
  singleLineText()
    .max(max * 2)
    .transform((v) => cleanText(v) || null)
    .pipe(z.string().max(max).nullable())
    .nullable();
/** A phone number, or nothing; "xyz" is refused with the same rule as the import and the committee form. */
const optionalPhone = optionalText(40).refine((v) => v === null || isPhoneNumber(v), { params: { key: 'phone_format' } });
const count = z.number().int().min(0).max(100_000).nullable();
/** WGS 84 degrees; the two come together (both numbers or both null), which the service checks. */
const latitude = z.number().min(-90).max(90).nullable();
const longitude = z.number().min(-180).max(180).nullable();
/** A calendar day, `2025-07-01`. */
export const isoDate = isoDateText('iso_date');

export const capabilityInput = z.strictObject({
  areaCode: z.string().min(1).max(60),
  level: z.number().int().min(1).max(3),
  note: optionalText(500).optional(),
});

export const contactInput = z.strictObject({
  role: text(100),
  name: text(120),
  phone: optionalPhone.optional(),
  email: z.string().trim().toLowerCase().email().max(200).nullable().optional(),
});

/** Fields only the department (or the area officer of the school's area) may change. */
export const OFFICIAL_FIELDS = ['code', 'name', 'shortName', 'level', 'ownership', 'areaType'] as const;

export const schoolPatchSchema = z.strictObject({
  code: text(40).optional(),
  name: text(200).optional(),
  shortName: text(100).optional(),
  level: z.enum(SCHOOL_LEVELS).optional(),
  ownership: z.enum(OWNERSHIPS).optional(),
  areaType: z.enum(AREA_TYPES).optional(),
  address: optionalText(300).optional(),
  students: count.optional(),
  teachers: count.optional(),
  classes: count.optional(),
  principalName: optionalText(120).optional(),
  phone: optionalPhone.optional(),
  email: z.string().trim().toLowerCase().email().max(200).nullable().optional(),
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  contacts: z.array(contactInput).max(30).optional(),
  strengths: z.array(capabilityInput).max(60).optional(),
  needs: z.array(capabilityInput).max(60).optional(),
  /** The day a rename takes effect (default: today); earlier names are kept for documents of the past. */
  renamedOn: isoDate.optional(),
});
export type SchoolPatch = z.infer<typeof schoolPatchSchema>;

export const newSchoolSchema = schoolPatchSchema
  .omit({ renamedOn: true })
  .extend({
    code: text(40),
    name: text(200),
    level: z.enum(SCHOOL_LEVELS),
    areaType: z.enum(AREA_TYPES),
    adminUnitId: z.uuid().optional(),
  });
export type NewSchool = z.infer<typeof newSchoolSchema>;

export const mergeSchema = z.strictObject({ intoSchoolId: z.uuid(), on: isoDate });
export const locationSchema = z.strictObject({ adminUnitId: z.uuid(), from: isoDate });

export const reorganizeSchema = z.strictObject({
  on: isoDate,
  from: z.array(z.uuid()).min(1).max(50),
  into: z.union([
    z.strictObject({ existingId: z.uuid() }),
    z.strictObject({
      code: text(40),
      name: text(120),
      kind: z.enum(['province', 'district', 'commune', 'ward', 'town', 'special-zone']),
      parentId: z.uuid().nullable(),
    }),
  ]),
});
export type Reorganize = z.infer<typeof reorganizeSchema>;

export const newCapabilityAreaSchema = z.strictObject({
  code: z.string().refine((v) => /^[a-z0-9-]{2,40}$/u.test(v), { params: { key: 'area_code_format' } }),
  nameVi: text(120),
  nameEn: text(120),
  group: z.enum(['subject', 'facilities', 'management', 'digital', 'youth', 'support', 'other']),
  campaignId: z.uuid().nullable().optional(),
});
