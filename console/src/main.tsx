import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ConsoleApp } from './app'
import { focusFirstFieldOfDialogs } from './lib/dialog-focus'
import { makeScrollRegionsFocusable } from './lib/scroll-regions'
import './styles.css'

dayjs.locale('zh-cn')
makeScrollRegionsFocusable()
focusFirstFieldOfDialogs()

/**
 * Ant Design's defaults, darkened where the text would fall below WCAG AA contrast (4.5:1): the primary blue under
 * white button text, and the secondary / description greys. No animations where the system asks for reduced motion
 * (WCAG 2.3.3): dialogs, menus and toasts then appear and go at once.
 */
const theme = {
  token: {
    motion: !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // Hover shades darker, not lighter, than the primary: a default button's text turns this colour under the pointer.
    colorPrimaryHover: '#003eb3',
    colorLinkHover: '#003eb3',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Zen Hei', sans-serif",
  },
}

/**
 * A click beside a dialog does not close it: staff fill dialogs in (an adjustment's amount and reason, a reply, a
 * tracking number) and a stray click on the page behind dropped all of it. 取消, × and Escape still close one.
 */
const modal = { mask: { closable: false } }

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme} modal={modal}>
      <AntApp>
        <ConsoleApp />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
)
