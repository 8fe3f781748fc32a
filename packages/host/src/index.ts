export { createHostClient, HostApiError, type HostClient, type HostClientOptions } from './provisioning';
export { type HostEvent, verifyWebhook, WebhookVerificationError } from './webhooks';
