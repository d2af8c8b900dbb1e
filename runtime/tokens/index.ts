export { SqlTokenStore, defaultTokensUrl } from "./SqlTokenStore.ts";
export { TokenService, TokenScopeRefusedError, MAX_TOKEN_DAYS } from "./TokenService.ts";
