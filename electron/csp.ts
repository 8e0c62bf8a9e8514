/**
 * The app's Content-Security-Policy, one definition: the build writes it into `index.html` as a
 * `<meta>` (web build) and the Electron `pmwb://` protocol handler sends it as a response header,
 * which also covers responses a `<meta>` cannot (workers, and a page whose HTML was tampered with).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
