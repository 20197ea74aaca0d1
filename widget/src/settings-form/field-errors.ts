/** Form controls that show validation errors beside themselves. */
export type FormField =
  | 'heapAppId'
  | 'heapRegion'
  | 'identitySource'
  | 'contactFieldId'
  | 'lowercaseEmail'
  | 'planFieldId'
  | 'sourceFieldId'
  | 'wonStatuses'
  | 'lostStatuses';

/** Which error paths (from `fieldErrorsOf` or the server's `fieldErrors`) belong to a control. */
const FIELD_PATHS: Record<FormField, (path: string) => boolean> = {
  heapAppId: (path) => path === 'heapAppId',
  heapRegion: (path) => path === 'heapRegion',
  identitySource: (path) => path === 'identity' || path === 'identity.source',
  contactFieldId: (path) => path === 'identity.contactFieldId',
  lowercaseEmail: (path) => path === 'identity.lowercaseEmail',
  planFieldId: (path) => path === 'planFieldId',
  sourceFieldId: (path) => path === 'sourceFieldId',
  wonStatuses: (path) => path === 'wonStatuses' || path.startsWith('wonStatuses.'),
  lostStatuses: (path) => path === 'lostStatuses' || path.startsWith('lostStatuses.'),
};

export function errorFor(errors: Record<string, string>, field: FormField): string | undefined {
  const path = Object.keys(errors).find(FIELD_PATHS[field]);

  return path === undefined ? undefined : errors[path];
}

/** Errors no control claims, shown next to the Save button so none is lost. */
export function unplacedErrors(errors: Record<string, string>): string[] {
  const matchers = Object.values(FIELD_PATHS);

  return Object.entries(errors)
    .filter(([path]) => !matchers.some((matches) => matches(path)))
    .map(([, message]) => message);
}
