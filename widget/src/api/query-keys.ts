export const queryKeys = {
  settings: ['settings'] as const,
  fields: ['fields'] as const,
  pipelines: ['pipelines'] as const,
  dealSync: (leadId: number) => ['deal-sync', leadId] as const,
};
