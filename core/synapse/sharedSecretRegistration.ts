import { createHmac } from "node:crypto";

/**
 * The MAC for Synapse's shared-secret registration (POST /_synapse/admin/v1/register):
 * HMAC-SHA1 over nonce, username, password and admin flag, NUL-separated, hex-encoded.
 */
export function registrationMac(args: {
  sharedSecret: string;
  nonce: string;
  username: string;
  password: string;
  admin: boolean;
  userType?: string;
}): string {
  const mac = createHmac("sha1", args.sharedSecret);
  mac.update(args.nonce, "utf8");
  mac.update("\x00");
  mac.update(args.username, "utf8");
  mac.update("\x00");
  mac.update(args.password, "utf8");
  mac.update("\x00");
  mac.update(args.admin ? "admin" : "notadmin");
  if (args.userType) {
    mac.update("\x00");
    mac.update(args.userType, "utf8");
  }
  return mac.digest("hex");
}
