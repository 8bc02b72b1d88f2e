import { create } from 'zustand'

/** Colours a running campaign applies to every page (festival themes); null = the brand default. */
export interface ThemeColors {
  primary: string
  primarySoft: string
  onPrimary: string
}

interface ThemeState {
  theme: ThemeColors | null
  setTheme: (theme: ThemeColors | null) => void
}

export const useThemeStore = create<ThemeState>()((set) => ({
  theme: null,
  setTheme: (theme) => set({ theme }),
}))
