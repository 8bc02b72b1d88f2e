// Taro maps setNavigationBarColor onto my.setNavigationBar and setTabBarStyle onto my.setTabBarStyle.
export { applyNavigationBarTheme, applyTabBarTheme, type ChromeColors } from './taro-chrome'
