export { startKommoEmulator } from './kommo-emulator';
export type {
  InstallOptions,
  KommoEmulator,
  KommoEmulatorOptions,
  SendOptions,
} from './kommo-emulator';
export type { OutgoingAnswer } from './outgoing-calls';
export { encodeLeadWebhook, phpUrlencode } from './webhook-encoder';
export type {
  EncodeLeadWebhookInput,
  LeadWebhookAction,
  LeadWebhookEvent,
} from './webhook-encoder';
export { signDisconnect, disconnectHookUrl } from './disconnect';
export type { DisconnectHookQuery } from './disconnect';
export type { AccountInput, AccountState } from './kommo-store';
export type { ContactInput, LeadInput } from './build-records';
export type { CustomFieldInput, PipelineInput } from './build-structure';
export type { CustomFieldValueInput } from './custom-field-values';
export type { FailureRule, RequestRecord } from './kommo-gateway';
export type { TokenRequestRecord } from './oauth/token-endpoint';
export type { WebhookDelivery } from './webhook-sender';
export * from './kommo-types';
export { maxInWindow } from '../shared/sliding-window';
