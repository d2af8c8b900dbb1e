import { dirname, relative, resolve, sep } from "node:path";

/**
 * wardroom/layering: the dependency direction of DESIGN.md, checked on resolved paths (so
 * `../../bots/x` and `../other-bot/y` are caught however many `../` they take).
 *   core/     imports only core/
 *   runtime/  imports core/ and runtime/
 *   bots/<a>/ never imports bots/<b>/
 *   bench/    never imports test/
 * Package imports (express, pg, ...) are handled by no-restricted-imports in eslint.config.js.
 */
const FORBIDDEN = {
  core: ["runtime", "bots", "infra", "cli", "admin-console", "bench", "test"],
  runtime: ["bots", "infra", "cli", "admin-console", "bench", "test"],
  bench: ["test"],
};

/** `["bots", "sms-bridge"]` for bots/sms-bridge/x.ts; `["core"]` for core/x.ts. */
function area(root, file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] === "..") return null;
  return parts[0] === "bots" && parts.length > 2 ? ["bots", parts[1]] : [parts[0]];
}

export const layeringRule = {
  meta: {
    type: "problem",
    docs: { description: "imports follow cli/admin-console/bots/infra -> runtime -> core; no bot imports another" },
    schema: [{ type: "object", properties: { root: { type: "string" } }, additionalProperties: false }],
    messages: {
      layer: "{{from}}/ may not import {{to}}/ (dependencies point cli/admin-console/bots/infra -> runtime -> core).",
      bot: "bots/{{from}} may not import bots/{{to}}: what two processes share lives in runtime/ or core/.",
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const from = area(root, file);
    if (!from) return {};
    function check(node, source) {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = area(root, resolve(dirname(file), source));
      if (!to) return;
      if (FORBIDDEN[from[0]]?.includes(to[0])) {
        context.report({ node, messageId: "layer", data: { from: from[0], to: to[0] } });
      } else if (from[0] === "bots" && to[0] === "bots" && from[1] && to[1] && from[1] !== to[1]) {
        context.report({ node, messageId: "bot", data: { from: from[1], to: to[1] } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

export const wardroomPlugin = { rules: { layering: layeringRule } };
