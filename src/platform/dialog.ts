/**
 * Makes the confirmation dialog just opened by `Taro.showModal` a keyboard- and screen-reader-ready modal dialog.
 * Only H5 needs it (`dialog.h5.ts`): the mini programs draw their own native dialog; tests run this no-op.
 */
export function modalOpened(): void {}
