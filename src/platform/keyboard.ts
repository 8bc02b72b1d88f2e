/**
 * Keyboard activation of controls that are not native buttons. Only H5 has a keyboard (`keyboard.h5.ts`); the
 * mini programs and tests run this no-op.
 */
export function installKeyboardActivation(): () => void {
  return () => undefined
}
