import { describe, expect, it } from "vitest";
import { amzDate, canonicalQuery, sha256Hex, signingKey, signRequest, uriEncode } from "../../../../bots/sms-bridge/providers/awsSigV4.ts";

// AWS's published Signature Version 4 examples: the "aws-sig-v4-test-suite" (service "service",
// host example.amazonaws.com) and the IAM ListUsers example from the SigV4 documentation.
const EXAMPLE_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const NOW = new Date("2015-08-30T12:36:00Z");
const suite = { service: "service", region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, now: NOW };

describe("signRequest against AWS's published test vectors", () => {
  it("get-vanilla", () => {
    const signed = signRequest({ method: "GET", url: "https://example.amazonaws.com/", headers: {}, body: "" }, suite);
    expect(signed.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
    expect(signed.headers["x-amz-date"]).toBe("20150830T123600Z");
    expect(signed.headers.host).toBe("example.amazonaws.com");
  });

  it("get-vanilla-query-order-key-case", () => {
    const signed = signRequest({ method: "GET", url: "https://example.amazonaws.com/?Param2=value2&Param1=value1", headers: {}, body: "" }, suite);
    expect(signed.signature).toBe("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  });

  it("post-vanilla", () => {
    const signed = signRequest({ method: "POST", url: "https://example.amazonaws.com/", headers: {}, body: "" }, suite);
    expect(signed.signature).toBe("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  });

  it("post-x-www-form-urlencoded (a signed body and content type)", () => {
    const signed = signRequest(
      { method: "POST", url: "https://example.amazonaws.com/", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "Param1=value1" },
      suite,
    );
    expect(signed.signedHeaders).toBe("content-type;host;x-amz-date");
    expect(signed.signature).toBe("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  });

  it("the IAM ListUsers example: canonical request, signing key and signature", () => {
    const signed = signRequest(
      {
        method: "GET",
        url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: "",
      },
      { service: "iam", region: "us-east-1", credentials: EXAMPLE_CREDENTIALS, now: NOW },
    );
    expect(signed.canonicalRequest).toBe(
      [
        "GET",
        "/",
        "Action=ListUsers&Version=2010-05-08",
        "content-type:application/x-www-form-urlencoded; charset=utf-8",
        "host:iam.amazonaws.com",
        "x-amz-date:20150830T123600Z",
        "",
        "content-type;host;x-amz-date",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ].join("\n"),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    expect(signingKey(EXAMPLE_CREDENTIALS.secretAccessKey, "20150830", "us-east-1", "iam").toString("hex")).toBe(
      "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
    );
    expect(signed.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, " +
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    );
  });
});

describe("signRequest details", () => {
  it("signs a session token for temporary credentials", () => {
    const signed = signRequest(
      { method: "POST", url: "https://sms-voice.us-east-1.amazonaws.com/", headers: { "x-amz-target": "T" }, body: "{}" },
      { ...suite, service: "sms-voice", credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: "token123" } },
    );
    expect(signed.headers["x-amz-security-token"]).toBe("token123");
    expect(signed.signedHeaders).toBe("host;x-amz-date;x-amz-security-token;x-amz-target");
  });

  it("keeps a non-default port in the signed host", () => {
    const signed = signRequest({ method: "POST", url: "http://127.0.0.1:4566/", headers: {}, body: "" }, suite);
    expect(signed.headers.host).toBe("127.0.0.1:4566");
  });

  it("changes the signature when the body changes", () => {
    const a = signRequest({ method: "POST", url: "https://example.amazonaws.com/", headers: {}, body: "a" }, suite);
    const b = signRequest({ method: "POST", url: "https://example.amazonaws.com/", headers: {}, body: "b" }, suite);
    expect(a.signature).not.toBe(b.signature);
  });

  it("encodes and sorts the query the canonical way", () => {
    expect(canonicalQuery("?b=2&a=1&A=0&a=0")).toBe("A=0&a=0&a=1&b=2");
    expect(canonicalQuery("?k=a%20b&x=!*'()")).toBe("k=a%20b&x=%21%2A%27%28%29");
    expect(uriEncode("a b/c~d")).toBe("a%20b%2Fc~d");
    expect(amzDate(new Date("2024-01-02T03:04:05.678Z"))).toBe("20240102T030405Z");
  });
});
