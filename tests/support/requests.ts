import { waitFor } from '@testing-library/react'
import { useRequestStore } from '@/stores/request'

/** Keys of the flows and requests under way. */
export function underWay(): string[] {
  const { flows, states } = useRequestStore.getState()
  return [...Object.keys(flows).filter((id) => flows[id]), ...Object.entries(states).filter(([, s]) => s.status === 'loading').map(([id]) => id)]
}

/** Waits until nothing is under way (the launch's app_open and the refreshes it set off included). */
export async function requestsSettled(options?: { timeout: number }): Promise<void> {
  await waitFor(() => expect(underWay()).toEqual([]), options)
}
