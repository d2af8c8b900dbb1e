import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import * as oidc from "openid-client";

/**
 * The provider's metadata or keys could not be fetched: the token was not judged. The console
 * answers 503, which the provider retries, never 400 (a logout that would be lost).
 */
export class ProviderUnavailable extends Error {}

/** True when an error of verifyLogoutToken means the token itself is bad (answered 400). */
export function isBadLogoutToken(err: unknown): boolean {
  return err instanceof errors.JOSEError && !(err instanceof errors.JWKSTimeout) && !(err instanceof errors.JWKSInvalid);
}

/** What checks a back-channel logout token's signature and answers its claims (ConsoleOidc). */
export interface LogoutTokenVerifier {
  verifyLogoutToken(token: string): Promise<Record<string, unknown>>;
}

/**
 * The signature, issuer and audience of a logout token, with the provider's keys; asymmetric
 * algorithms only (never `none`, never a shared secret), `iat` and `jti` required.
 */
export async function verifyLogoutTokenSignature(
  token: string,
  keys: JWTVerifyGetKey,
  o: { issuer: string; audience: string; algorithms?: readonly string[] | undefined },
): Promise<Record<string, unknown>> {
  const algorithms = (o.algorithms ?? ["RS256"]).filter((a) => a !== "none" && !a.startsWith("HS"));
  const { payload } = await jwtVerify(token, keys, { issuer: o.issuer, audience: o.audience, algorithms, requiredClaims: ["iat", "jti"] });
  return payload as Record<string, unknown>;
}

/** What the console keeps in the session between the redirect to the provider and the callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface ConsoleOidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The console's callback, `<publicUrl>/login/callback`, registered at the provider. */
  redirectUri: string;
  scopes: readonly string[];
  /** The development provider on http://127.0.0.1 (and only it): allow plain HTTP. */
  allowHttp?: boolean;
}

/**
 * The console as its own OpenID Connect client of the organisation's provider: authorization
 * code flow with PKCE (S256), state and nonce, client_secret_basic. The provider's metadata is
 * fetched on the first sign-in (the provider may start after the console) and kept.
 */
export class ConsoleOidc implements LogoutTokenVerifier {
  #config: Promise<oidc.Configuration> | undefined;
  #keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly o: ConsoleOidcOptions) {}

  #configuration(): Promise<oidc.Configuration> {
    this.#config ??= oidc
      .discovery(new URL(this.o.issuer), this.o.clientId, this.o.clientSecret, undefined, this.o.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        // Not cached: the next sign-in tries again.
        this.#config = undefined;
        throw err;
      });
    return this.#config;
  }

  /** The provider's sign-in URL and what the callback must find in the session. */
  async start(): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.#configuration();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUri,
      scope: this.o.scopes.join(" "),
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Redeems the code of the callback URL; throws when state, nonce, PKCE or the ID token do not check out. */
  async finish(callbackUrl: URL, pending: PendingLogin): Promise<Record<string, unknown>> {
    const config = await this.#configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("the provider sent no ID token");
    return claims as Record<string, unknown>;
  }

  /**
   * Checks a back-channel logout token's signature against the provider's published keys
   * (fetched and cached by jose, refetched for an unknown key id), its issuer and that it is
   * meant for this client; answers its claims. What the claims must say is
   * core/console/logoutToken.ts. Throws when any check fails.
   */
  async verifyLogoutToken(token: string): Promise<Record<string, unknown>> {
    const meta = (await this.#configuration().catch(() => Promise.reject(new ProviderUnavailable("the provider's metadata could not be fetched")))).serverMetadata();
    if (!meta.jwks_uri) throw new Error("the provider publishes no signing keys");
    this.#keys ??= createRemoteJWKSet(new URL(meta.jwks_uri));
    return verifyLogoutTokenSignature(token, this.#keys, { issuer: meta.issuer, audience: this.o.clientId, algorithms: meta.id_token_signing_alg_values_supported });
  }
}
