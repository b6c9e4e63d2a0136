export { CHAT_PLATFORMS, PLATFORM_RULES, isChatPlatform, type ChatPlatform, type PlatformRules } from './platforms';
export { dingtalkSign, feishuSign, webhookSignature } from './signing';
export { buildChatRequest, escapeChatMarkdown, type ChatEndpoint, type ChatMessage, type ChatRequest } from './message';
export { classifyResponse, retryAfterMs, type ChatOutcome } from './outcome';
export {
  SecretBoxError,
  deriveSecretKey,
  openSecret,
  parseSecretKey,
  resolveSecretKey,
  sealSecret,
} from './secret-box';
export { checkWebhookUrl, isPrivateAddress, maskWebhookUrl, type UrlCheck } from './webhook-url';
