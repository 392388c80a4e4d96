# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json knexfile.ts ./
COPY src ./src
COPY channels ./channels
COPY migrations ./migrations
RUN npm run build

# Runtime: production dependencies, compiled code and templates only; runs as the node user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY templates ./templates
# The panel's static files are served from where they live in the source tree.
COPY src/manage/assets ./src/manage/assets
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Role: all (default), web or worker.
# The heap cap keeps peak memory flat under bursts (V8 otherwise grows the heap lazily).
ENTRYPOINT ["node", "--max-old-space-size=160", "dist/src/main.js"]
CMD ["all"]
