import * as oidc from "openid-client";

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
export class ConsoleOidc {
  #config: Promise<oidc.Configuration> | undefined;

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
}
