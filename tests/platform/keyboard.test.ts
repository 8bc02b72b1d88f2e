import { installKeyboardActivation } from '@/platform/keyboard.h5'

const flush = () => new Promise((r) => setTimeout(r, 0))
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }))

let uninstall: () => void
beforeEach(() => {
  document.body.innerHTML = ''
  uninstall = installKeyboardActivation(document)
})
afterEach(() => uninstall())

test("Taro's H5 buttons join the tab order as buttons; Enter and Space press them", async () => {
  const button = document.createElement('taro-button-core')
  button.setAttribute('disabled', 'false') // how Taro reflects disabled={false}
  const clicks = jest.fn()
  button.addEventListener('click', clicks)
  document.body.append(button)
  await flush()
  expect([button.getAttribute('role'), button.getAttribute('tabindex'), button.getAttribute('aria-disabled')]).toEqual(['button', '0', null])
  key(button, 'Enter')
  key(button, ' ')
  key(button, 'a')
  expect(clicks).toHaveBeenCalledTimes(2)
})

test('a disabled button leaves the tab order, says so, and ignores keys until it is enabled again', async () => {
  document.body.innerHTML = '<div><taro-button-core disabled="true">已领取</taro-button-core></div>'
  const button = document.querySelector('taro-button-core')!
  const clicks = jest.fn()
  button.addEventListener('click', clicks)
  await flush()
  expect([button.getAttribute('tabindex'), button.getAttribute('aria-disabled')]).toEqual(['-1', 'true'])
  key(button, 'Enter')
  expect(clicks).not.toHaveBeenCalled()
  button.setAttribute('disabled', 'false')
  await flush()
  expect([button.getAttribute('tabindex'), button.getAttribute('aria-disabled')]).toEqual(['0', null])
  key(button, 'Enter')
  expect(clicks).toHaveBeenCalledTimes(1)
})

test('tappable views with a role: a link follows Enter only, a tab and a switch both keys; native controls are left to the browser', async () => {
  document.body.innerHTML = '<div role="link" tabindex="0">返回首页</div><div role="tab" tabindex="0">已使用</div><div role="switch" tabindex="0">积分抵扣</div><button>原生</button>'
  const [link, tab, toggle, native] = [...document.body.children] as HTMLElement[]
  const clicked: string[] = []
  for (const el of [link, tab, toggle, native]) el.addEventListener('click', () => clicked.push(el.textContent!))
  key(link, ' ')
  key(link, 'Enter')
  key(tab, ' ')
  key(toggle, ' ')
  key(native, 'Enter')
  expect(clicked).toEqual(['返回首页', '已使用', '积分抵扣'])
})
