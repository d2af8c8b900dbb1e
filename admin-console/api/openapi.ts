import { API_ROUTES, type ApiRoute } from "./apiRoutes.ts";

const ERROR = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ERROR } } });

function operation(route: ApiRoute): Record<string, unknown> {
  const okType = route.produces ?? "application/json";
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    description: `Needs the \`${route.permission}\` scope on the token and the same permission from its owner's roles.`,
    security: [{ personalAccessToken: [route.permission] }],
    responses: {
      [String(route.status ?? 200)]: {
        description: "OK",
        content: okType === "application/json" ? { "application/json": { schema: { type: "object" } } } : { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } },
      },
      "400": errorResponse("Bad input; the message names the parameter."),
      "401": errorResponse("No token, or an unknown, expired or revoked one."),
      "403": errorResponse("The token lacks the scope, or its owner the permission."),
      "503": errorResponse("A ledger or the homeserver cannot answer."),
    },
  };
  if (route.parameters) op.parameters = route.parameters;
  if (route.body) {
    op.requestBody = {
      required: (route.body.required?.length ?? 0) > 0,
      content: { "application/json": { schema: { type: "object", additionalProperties: false, properties: route.body.properties, ...(route.body.required ? { required: route.body.required } : {}) } } },
    };
  }
  return op;
}

/** The OpenAPI 3.1 document of the JSON API, built from the same table the router registers. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "Wardroom console API",
      version,
      description: "The admin console's actions for automation. Authenticate with a personal access token created on the console's /tokens page: `Authorization: Bearer wrd_pat_…`. Every call is audited like the page it mirrors.",
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      securitySchemes: { personalAccessToken: { type: "http", scheme: "bearer", description: "A personal access token (wrd_pat_…)." } },
      schemas: {
        Error: { type: "object", required: ["error"], properties: { error: { type: "string" }, reason: { type: "string" } } },
      },
    },
  };
}
