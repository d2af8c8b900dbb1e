# Wardroom's app image for AWS: the SMS bridge, the bots and the console (one image, the
# command picks the process; infra/aws/apps.ts). Build from the repository root:
#   docker build -f infra/images/wardroom.Dockerfile -t wardroom:0.1.0 .
FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssl ca-certificates curl \
 && curl -fsSL -o /etc/ssl/certs/rds-global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \
 && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN mkdir -p /run/wardroom && chown -R 1000:1000 /run/wardroom
USER 1000:1000
ENTRYPOINT ["node", "bin/container-entrypoint.mjs"]
