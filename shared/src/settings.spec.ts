import { fieldErrorsOf, installationSettingsSchema, statusMatches } from './settings';

describe('installationSettingsSchema', () => {
  it('fills defaults: email identity and the system won and lost statuses', () => {
    const parsed = installationSettingsSchema.parse({ heapAppId: ' 123456 ' });

    expect(parsed.heapAppId).toBe('123456');
    expect(parsed.heapRegion).toBe('us');
    expect(parsed.identity).toEqual({
      source: 'email',
      contactFieldId: null,
      lowercaseEmail: true,
    });
    expect(parsed.wonStatuses).toEqual([{ pipelineId: null, statusId: 142 }]);
    expect(parsed.lostStatuses).toEqual([{ pipelineId: null, statusId: 143 }]);
  });

  it('names each invalid field', () => {
    const result = installationSettingsSchema.safeParse({
      heapAppId: 'abc',
      heapRegion: 'mars',
      identity: { source: 'custom_field', contactFieldId: null },
      wonStatuses: [],
    });

    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(Object.keys(errors).sort()).toEqual([
      'heapAppId',
      'heapRegion',
      'identity.contactFieldId',
      'wonStatuses',
    ]);
    expect(errors['wonStatuses']).toBe('Choose at least one won status');
  });
});

describe('statusMatches', () => {
  const refs = [
    { pipelineId: null, statusId: 142 },
    { pipelineId: 7, statusId: 555 },
  ];

  it('matches a status configured for every pipeline', () => {
    expect(statusMatches(refs, 99, 142)).toBe(true);
  });

  it('matches a pipeline-specific status only in its pipeline', () => {
    expect(statusMatches(refs, 7, 555)).toBe(true);
    expect(statusMatches(refs, 8, 555)).toBe(false);
  });
});
