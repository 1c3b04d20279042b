/** What server/index.js passes to every loader and action. */
export type AppLoadContext = { clientIp?: string; cspNonce?: string };

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp?: string;
    /** This request's Content-Security-Policy nonce, for the inline scripts of the page (entry.server.tsx). */
    cspNonce?: string;
  }
}
