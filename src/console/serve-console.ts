import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthConfig } from '../config/config.js';

/**
 * The built console (`vite build` → dist/console). The hub runs from dist/src/… after a build
 * and from src/… under Jest, so both layouts are tried; from src/, ../../console/ is the
 * console's source folder, hence dist first.
 */
export function consoleRoot(): string | undefined {
  const candidates = ['../../dist/console/', '../../console/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((dir) => existsSync(`${dir}index.html`));
}

/** What the console needs to know before anyone signs in (no secrets: the client is public, PKCE). */
export interface ConsoleSettings {
  oidc: { authority: string; clientId: string } | null;
}

export function consoleSettings(auth: Pick<AuthConfig, 'issuer' | 'oidcClientId'>): ConsoleSettings {
  return { oidc: auth.oidcClientId ? { authority: auth.issuer, clientId: auth.oidcClientId } : null };
}

/**
 * Serves the single-page console at /console/: its files, its settings, and index.html for
 * every other path below /console/ (the console's own pages). It talks to /graphql like any
 * client; nothing here reads data.
 */
export async function registerConsole(app: NestFastifyApplication, auth: AuthConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const settings = consoleSettings(auth);
  fastify.get('/console/settings.json', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return settings;
  });
  const root = consoleRoot();
  if (!root) {
    fastify.get('/console/*', async (_request, reply) => {
      reply.code(404).type('text/plain; charset=utf-8');
      return 'The console is not built: run `npm run build`.\n';
    });
    return;
  }
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/console/',
    wildcard: false,
    index: false,
    // Hashed asset names change with each build; index.html must not be cached.
    setHeaders: (response: { setHeader(name: string, value: string): void }, path: string) => {
      response.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = async (_request: unknown, reply: { header(n: string, v: string): unknown; sendFile(file: string): unknown }) => {
    reply.header('cache-control', 'no-cache');
    // The sign-in link carries the token in the fragment, which never reaches the server; the
    // referrer must not carry the page either.
    reply.header('referrer-policy', 'no-referrer');
    return reply.sendFile('index.html');
  };
  fastify.get('/console', async (_request, reply) => reply.redirect('/console/'));
  fastify.get('/console/', sendIndex as never);
  fastify.get('/console/*', sendIndex as never);
}
