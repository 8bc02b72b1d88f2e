/**
 * Stands in for axios' XMLHttpRequest and fetch adapters in every build (config/index.ts): the app always hands axios
 * its own transport — our fetch adapter on H5 pointed at a backend (fetch-adapter.ts), Taro.request on the mini
 * programs (mini-request-adapter.ts), the embedded backend in the demo. `getFetch` is what axios' adapter
 * list asks its fetch module for; `false` reads as "not supported here". Plain JavaScript: it is compiled as axios' own
 * modules are, without TypeScript.
 */
export const getFetch = () => false
export default false
