import { generateKeyPairSync, randomBytes } from "node:crypto";

/**
 * A Synapse signing key file line: `ed25519 <key id> <unpadded base64 seed>`. Generated here so
 * that a deployment does not need Synapse's own generator before its first start.
 */
export function generateSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  // The PKCS#8 DER of an Ed25519 key ends with the 32-byte seed.
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  const seed = der.subarray(der.length - 32);
  const keyId = `a_${randomBytes(3).toString("base64url").replace(/[^A-Za-z0-9]/g, "x").slice(0, 4)}`;
  return `ed25519 ${keyId} ${seed.toString("base64").replace(/=+$/, "")}\n`;
}
