import { expect, it } from "vitest";
import { rawRequest } from "../helpers/matrix.ts";
import { describeWithStack } from "../helpers/stack.ts";

describeWithStack("client guidance (/.well-known/matrix/client)", (stack) => {
  it("tells clients where the homeserver is, to keep encryption on, and which settings to use", async () => {
    const res = await rawRequest(stack(), "GET", "/.well-known/matrix/client");
    expect(res.status).toBe(200);
    expect(res.body["m.homeserver"]).toMatchObject({ base_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    expect(res.body["io.element.e2ee"]).toEqual({ default: true, force_disable: false });
    const guidance = res.body["org.wardroom.client_guidance"] as { idle_logoff_minutes: number; settings: Array<{ id: string }> };
    expect(guidance.idle_logoff_minutes).toBe(15);
    expect(guidance.settings.map((s) => s.id)).toContain("app_lock");
  });
});
