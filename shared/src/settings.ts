import { z } from 'zod';

/** Kommo's system statuses, present in every pipeline. */
export const KOMMO_WON_STATUS_ID = 142;
export const KOMMO_LOST_STATUS_ID = 143;

export const HEAP_REGIONS = ['us', 'eu'] as const;
export type HeapRegion = (typeof HEAP_REGIONS)[number];

/** Heap's ingestion hosts; EU projects must never send to the US host. */
export const HEAP_REGION_BASE_URLS: Record<HeapRegion, string> = {
  us: 'https://heapanalytics.com',
  eu: 'https://c.eu.heap-api.com',
};

export const IDENTITY_SOURCES = ['email', 'contact_id', 'custom_field'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

const positiveId = z.number().int().positive();

/** A status that counts as won or lost; `pipelineId: null` means "in every pipeline". */
export const statusRefSchema = z.object({
  pipelineId: positiveId.nullable(),
  statusId: positiveId,
});
export type StatusRef = z.infer<typeof statusRefSchema>;

export const identitySettingsSchema = z
  .object({
    source: z.enum(IDENTITY_SOURCES),
    contactFieldId: positiveId.nullable().default(null),
    lowercaseEmail: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    if (value.source === 'custom_field' && value.contactFieldId === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['contactFieldId'],
        message: 'Choose the contact field that holds the Heap identity',
      });
    }
  });
export type IdentitySettings = z.infer<typeof identitySettingsSchema>;

/**
 * What an admin configures for one Kommo account. The widget validates with this schema before
 * saving and the backend validates again before storing, so both show the same messages.
 */
export const installationSettingsSchema = z.object({
  heapAppId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, 'The Heap app_id is the number shown under Account → Manage → Projects'),
  heapRegion: z.enum(HEAP_REGIONS).default('us'),
  identity: identitySettingsSchema.default({
    source: 'email',
    contactFieldId: null,
    lowercaseEmail: true,
  }),
  planFieldId: positiveId.nullable().default(null),
  sourceFieldId: positiveId.nullable().default(null),
  wonStatuses: z
    .array(statusRefSchema)
    .min(1, 'Choose at least one won status')
    .max(5000)
    .default([{ pipelineId: null, statusId: KOMMO_WON_STATUS_ID }]),
  lostStatuses: z
    .array(statusRefSchema)
    .min(1, 'Choose at least one lost status')
    .max(5000)
    .default([{ pipelineId: null, statusId: KOMMO_LOST_STATUS_ID }]),
});
export type InstallationSettingsInput = z.input<typeof installationSettingsSchema>;
export type InstallationSettings = z.output<typeof installationSettingsSchema>;

export function defaultSettings(heapAppId = ''): InstallationSettings {
  return {
    heapAppId,
    heapRegion: 'us',
    identity: { source: 'email', contactFieldId: null, lowercaseEmail: true },
    planFieldId: null,
    sourceFieldId: null,
    wonStatuses: [{ pipelineId: null, statusId: KOMMO_WON_STATUS_ID }],
    lostStatuses: [{ pipelineId: null, statusId: KOMMO_LOST_STATUS_ID }],
  };
}

/** Turns a Zod error into `{ "identity.contactFieldId": "message" }`, one message per field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};

  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }

  return errors;
}

/** True when `statusId` in `pipelineId` matches one of the configured statuses. */
export function statusMatches(refs: StatusRef[], pipelineId: number, statusId: number): boolean {
  return refs.some(
    (ref) =>
      ref.statusId === statusId && (ref.pipelineId === null || ref.pipelineId === pipelineId),
  );
}
