/** The H5 first screen of index.html (config/first-screen.ts) steps aside for the app; elsewhere there is none. */
export function dismissFirstScreen(): void {}
