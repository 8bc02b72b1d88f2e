import { endFlow, type RequestKey, startFlow, useBusy } from '@/stores/request'
import { toastError } from '@/utils/feedback'

export interface ActionControl {
  /** True while the journey (or the action of this key) is under way: the control shows disabled + loading. */
  busy: boolean
  /**
   * Runs a tap's journey — quote, confirm dialog, action, animation — unless one of this key is already under
   * way (a second tap then does nothing: one effect, one dialog). `done` gets what the journey resolved; a
   * failure is toasted with the ApiError's words, the one way actions report errors.
   */
  run: <T>(journey: () => Promise<T>, done?: (result: T) => void) => Promise<void>
}

/** The control of an action: pass the action (its key) or a request key. */
export function useAction(target: RequestKey | { key: RequestKey }): ActionControl {
  const key = 'key' in target ? target.key : target
  const busy = useBusy(key)
  const run = async <T,>(journey: () => Promise<T>, done?: (result: T) => void): Promise<void> => {
    if (!startFlow(key)) return
    try {
      const result = await journey()
      done?.(result)
    } catch (e) {
      toastError(e)
    } finally {
      endFlow(key)
    }
  }
  return { busy, run }
}
