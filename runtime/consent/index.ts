export { openConsentStore, defaultConsentUrl, parseConsentUrl, type OpenConsentStoreOptions } from "./openConsentStore.ts";
export { SqlConsentStore, type SqlConsentStoreOptions } from "./SqlConsentStore.ts";
export { ConsentConflictError, ConsentTransitionError, ConsentUnavailableError } from "../../core/consent/index.ts";
