/** The client's address from the Express server (see server/index.js), which honours TRUST_PROXY. */
export function clientIpFrom(context: { clientIp?: string } | undefined): string {
  return context?.clientIp ?? "unknown";
}
