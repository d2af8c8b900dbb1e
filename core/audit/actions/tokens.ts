import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";
import { TOKEN_SCOPES } from "../../tokens/scopes.ts";
import { TOKEN_REFUSALS } from "../../tokens/tokenDecision.ts";

const scopes = () => detail.list(detail.category(TOKEN_SCOPES));

/** Personal access tokens for the console's JSON API. The token text is never recorded. */
export const tokenActions = [
  defineAuditAction({
    name: "token.created",
    description: "A personal access token was created (target: its owner).",
    fields: { tokenId: detail.id(), scopes: scopes(), expiresAt: detail.timestamp() },
  }),
  defineAuditAction({
    name: "token.revoked",
    description: "A personal access token was revoked (target: its owner).",
    fields: { tokenId: detail.id() },
  }),
  defineAuditAction({
    name: "token.refused",
    description: "A request to the JSON API with a token was refused: unknown, expired, revoked, or without the scope or its owner's permission.",
    fields: {
      reason: detail.category(TOKEN_REFUSALS),
      tokenId: detail.id().optional(),
      scope: detail.category(TOKEN_SCOPES).optional(),
    },
  }),
  defineAuditAction({
    name: "token.creation_refused",
    description: "A personal access token was not created: its creator does not hold every permission asked for as a scope.",
    fields: { scopes: scopes() },
  }),
];
