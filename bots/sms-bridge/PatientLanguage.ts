import type { Policy } from "../../core/policy/index.ts";
import { chooseLanguage, type LanguageChoice } from "../../core/sms/language.ts";
import { switchKeywords } from "../../core/sms/patientTexts.ts";
import type { RoomActions } from "./matrix/RoomActions.ts";
import { PORTAL_STATE } from "./Portals.ts";
import type { Portal } from "../../core/sms/portal.ts";
import type { BridgeStore } from "./store/BridgeStore.ts";

const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish" };

/**
 * The patient's language: chosen from their first text, switched when they write in another
 * language or text a language keyword (core/sms/language.ts decides). It is stored with the
 * portal (bridge_portals.language and the room's `org.wardroom.sms_portal` state), never
 * logged or audited beyond its two-letter code.
 */
export class PatientLanguage {
  constructor(private readonly deps: { store: BridgeStore; matrix: RoomActions; policy: Policy; provider: string }) {}

  /** The language for `body` from a patient whose portal is `existing` (undefined: first contact). */
  choose(existing: Portal | undefined, body: string): LanguageChoice {
    return chooseLanguage({
      current: existing?.language ?? null,
      body,
      defaultLanguage: this.deps.policy.sms.defaultLanguage,
      switchKeywords: switchKeywords(this.deps.policy),
    });
  }

  /** Stores the new language and tells the care team in the room; returns the updated portal. */
  async switchTo(portal: Portal, language: string): Promise<Portal> {
    if (portal.language === language) return portal;
    const { store, matrix } = this.deps;
    await store.setPortalLanguage(portal.phone, language);
    await matrix.setState(portal.roomId, PORTAL_STATE, "", {
      phone: portal.phone,
      puppet: portal.puppetUserId,
      provider: this.deps.provider,
      language,
      timeZone: portal.timeZone,
    });
    await matrix.sendNotice(portal.roomId, `The patient now gets the practice's texts in ${LANGUAGE_NAMES[language] ?? language} (${language}).`);
    return { ...portal, language };
  }
}
