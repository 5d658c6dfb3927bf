/**
 * The CSP nonce of the document being rendered, for the inline scripts Remix writes
 * (<Scripts>, <ScrollRestoration>). entry.server.tsx provides it around the whole render, so it
 * is there on every document — also a 404, where no route matched and so no loader ran. In the
 * browser there is no provider: the scripts already ran, and browsers hide a nonce from the DOM.
 */
import { createContext, useContext } from 'react';

const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
