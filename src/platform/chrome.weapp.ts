export { applyNavigationBarTheme, applyTabBarTheme, type ChromeColors } from './taro-chrome'
