/** Pure SMS logic shared by the bridge, the compliance bot and the console. */
export { parsePhone, tryParsePhone, isE164, maskPhone, type E164, type ParsePhoneOptions } from "./phone.ts";
export { countSegments, splitSegments, isGsm7, nonGsm7Characters, type SegmentInfo, type SmsEncoding } from "./segments.ts";
export {
  classifyKeyword,
  matchKeyword,
  normalizeReply,
  DEFAULT_KEYWORDS,
  type CarrierKeyword,
  type KeywordLists,
  type KeywordMatch,
} from "./keywords.ts";
export { quietHoursAt, earliestSendTime, zonedWallTimeToInstant, type QuietHours, type QuietHoursState } from "./quietHours.ts";
export { decideSend, PerNumberRateLimiter, type RateDecision, type RateState, type RateWindow } from "./rateLimit.ts";
