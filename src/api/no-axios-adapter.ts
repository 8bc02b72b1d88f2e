/**
 * Stands in for axios' XMLHttpRequest and fetch adapters in H5 builds (config/index.ts): H5 pointed at a backend
 * uses our own fetch adapter (fetch-adapter.ts), the demo the embedded backend. `getFetch` is what axios' adapter
 * list asks its fetch module for; `false` reads as "not supported here". Plain JavaScript: it is compiled as axios' own
 * modules are, without TypeScript.
 */
export const getFetch = () => false
export default false
