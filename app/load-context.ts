/** What server/index.js passes to every loader and action. */
export type AppLoadContext = { clientIp?: string };

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp?: string;
  }
}
