import { createContext, useContext } from "react";

/**
 * The CSP nonce of the current request (app/web/security-headers.server.ts), for Remix's inline scripts. Set by
 * entry.server.tsx; in the browser it is empty, as browsers hide a nonce from the page once it has been checked.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
