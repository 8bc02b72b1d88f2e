/** Stands in for axios's XMLHttpRequest adapter in H5 builds (config/index.ts): H5 uses its fetch adapter. */
export default false
