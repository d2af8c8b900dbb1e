import { readFileSync } from "node:fs";
import { InputError } from "../../core/errors.ts";

/**
 * The HMAC key anchors are sealed with: the raw bytes of `file`, at least 32 of them.
 * `label` names where the file came from (`--key-file`, the environment variable) in errors.
 */
export function readAnchorKey(file: string, label: string): Uint8Array {
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch {
    throw new InputError(`${label}: cannot read ${file}`);
  }
  if (key.length < 32) throw new InputError(`${label}: ${file} must hold at least 32 bytes`);
  return key;
}
