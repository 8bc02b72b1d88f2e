/**
 * Words a screen reader should say as they appear (a toast's result of an action). The mini programs read their own
 * toasts; only H5 draws one a screen reader does not notice (`announce.h5.ts`). Tests run these no-ops.
 */
export function installAnnouncer(): void {}

export function announce(_words: string): void {}
