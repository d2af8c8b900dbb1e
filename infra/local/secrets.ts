import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateSigningKey } from "../../core/synapse/signingKey.ts";

/** Writes a file readable by its owner only (secrets, passwords, keys). */
export function writeSecretFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads a secret file, creating it with `make()` the first time; later runs reuse it. */
export function secretFile(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const value = make();
  writeSecretFile(path, `${value}\n`);
  return value;
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export interface SynapseSecrets {
  registrationSharedSecret: string;
  macaroonSecretKey: string;
  formSecret: string;
}

export function ensureSynapseSecrets(dir: string, signingKeyPath: string): SynapseSecrets {
  if (!existsSync(signingKeyPath)) writeSecretFile(signingKeyPath, generateSigningKey());
  return {
    registrationSharedSecret: secretFile(`${dir}/registration_shared_secret`, randomSecret),
    macaroonSecretKey: secretFile(`${dir}/macaroon_secret_key`, randomSecret),
    formSecret: secretFile(`${dir}/form_secret`, randomSecret),
  };
}
