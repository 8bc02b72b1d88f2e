/// <reference types="vite/client" />
// react-dom 18 ships no types and @types/react-dom is not installed: the one entry point the console uses.
declare module 'react-dom/client' {
  import type { ReactNode } from 'react'
  export interface Root {
    render(children: ReactNode): void
    unmount(): void
  }
  export function createRoot(container: Element | DocumentFragment): Root
}
