import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Headers on every response of the app scheme: the CSP as a header (not only the page's `<meta>`). */
export const APP_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The `pmwb://app/…` handler: serves the built renderer from `rendererDir` only (no `..`), every
 * response — errors too — with `APP_HEADERS`. No Electron import, so it is tested in plain Node.
 */
export function appProtocolHandler(
  rendererDir: string,
  read: (path: string) => Promise<Uint8Array> = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    } catch {
      return new Response('bad request', { status: 400, headers: APP_HEADERS });
    }
    if (rel.startsWith('..') || rel.includes('\0'))
      return new Response('forbidden', { status: 403, headers: APP_HEADERS });
    const path = join(rendererDir, rel || 'index.html');
    try {
      const body = await read(path);
      return new Response(body as BodyInit, {
        headers: { ...APP_HEADERS, 'content-type': MIME[extname(path)] ?? 'application/octet-stream' },
      });
    } catch {
      return new Response('not found', {
        status: 404,
        headers: { ...APP_HEADERS, 'content-type': 'text/plain' },
      });
    }
  };
}
