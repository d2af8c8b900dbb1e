#!/usr/bin/env node
// Entrypoint of Wardroom's app image (infra/images/wardroom.Dockerfile) on AWS. Writes the
// task's config files from WARDROOM_FILES (JSON: path -> content), replacing `${secret:NAME}`
// with WARDROOM_SECRET_NAME that ECS injected from Secrets Manager (infra/aws/containerFiles.ts);
// with WARDROOM_TLS_PROXY=<tlsPort>:<host>:<port> it terminates TLS for the load balancer in
// front of the process (a self-signed certificate made at start, as ALB targets allow); then it
// runs the command and passes signals on. A placeholder without a value stops the task with a
// message naming the secret and the file, never a value.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { createServer } from "node:tls";

function fail(message) {
  process.stderr.write(`wardroom-entrypoint: ${message}\n`);
  process.exit(2);
}

function writeFiles() {
  const raw = process.env.WARDROOM_FILES;
  if (!raw) return;
  let files;
  try {
    files = JSON.parse(raw);
  } catch {
    fail("WARDROOM_FILES is not valid JSON");
  }
  for (const [path, content] of Object.entries(files)) {
    const text = String(content).replace(/\$\{secret:([A-Z0-9_]+)\}/g, (_, name) => {
      const v = process.env[`WARDROOM_SECRET_${name}`];
      if (!v) fail(`${path}: secret ${name} has no value (WARDROOM_SECRET_${name} is not set)`);
      return v;
    });
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, text, { mode: 0o600 });
  }
}

function tlsProxy(spec) {
  const m = /^(\d+):([^:]+):(\d+)$/.exec(spec);
  if (!m) fail(`WARDROOM_TLS_PROXY must be <tlsPort>:<host>:<port> (got ${spec})`);
  const dir = process.env.WARDROOM_TLS_DIR ?? "/run/wardroom/tls";
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  const res = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "397", "-subj", "/CN=wardroom", "-keyout", key, "-out", cert], { stdio: ["ignore", "ignore", "pipe"] });
  if (res.status !== 0) fail(`openssl could not make the TLS certificate: ${String(res.stderr).split("\n")[0]}`);
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert), minVersion: "TLSv1.2" }, (socket) => {
    const upstream = connect(Number(m[3]), m[2]);
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on("error", close);
    upstream.on("error", close);
  });
  server.listen(Number(m[1]), "0.0.0.0");
  return server;
}

writeFiles();
const proxy = process.env.WARDROOM_TLS_PROXY ? tlsProxy(process.env.WARDROOM_TLS_PROXY) : undefined;
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) fail("no command given");
const child = spawn(cmd, args, { stdio: "inherit" });
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => {
  proxy?.close();
  process.exit(code ?? (signal ? 1 : 0));
});
