import { stringify } from "yaml";
import { person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { answerPage, reviewOf } from "../reviewContext.ts";

/**
 * `/policy`: the policy the console runs with, section by section as YAML, with a summary
 * and whether the policy file on disk still validates (a file edited since start-up that no
 * longer passes shows its problems, each naming its key).
 */
export function registerPolicyPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const review = reviewOf(ctx);
  r.get("policy_view", "/policy", (_req, res) =>
    answerPage(ctx, res, async () => {
      const service = review(res);
      if (!service) return;
      const policy = ctx.deps.policy;
      const view = await service.policy(person(res).userId, policy, policy, "page");
      res.render("policy", {
        title: "Policy",
        ...view,
        sections: Object.entries(policy).map(([name, value]) => ({ name, id: `policy-${name.toLowerCase()}`, yaml: stringify(value) })),
      });
    }),
  );
}
