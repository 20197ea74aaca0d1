export { startHeapEmulator } from './heap-emulator';
export type {
  HeapEmulator,
  HeapEmulatorOptions,
  HeapFailureRule,
  HeapRequestRecord,
} from './heap-emulator';
export type { HeapEvent, IdentifyRecord } from './heap-store';
export type { PropertyValue } from './heap-validation';
export { buildSegmentSyncPages, deliverSegmentSync, signHeapWebhook } from './segment-sync';
export type { SegmentSyncDelivery, SegmentSyncInput, SegmentSyncPayload } from './segment-sync';
