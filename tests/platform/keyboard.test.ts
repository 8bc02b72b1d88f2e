import { installKeyboardActivation } from '@/platform/keyboard.h5'

const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }))

let uninstall: () => void
beforeEach(() => {
  document.body.innerHTML = ''
  uninstall = installKeyboardActivation(document)
})
afterEach(() => uninstall())

test('a tappable view with the button role answers Enter and Space, and neither while aria-disabled', () => {
  document.body.innerHTML = '<div role="button" tabindex="0">全部已读</div>'
  const button = document.body.firstElementChild as HTMLElement
  const clicks = jest.fn()
  button.addEventListener('click', clicks)
  key(button, 'Enter')
  key(button, ' ')
  key(button, 'a')
  expect(clicks).toHaveBeenCalledTimes(2)
  button.setAttribute('aria-disabled', 'true')
  key(button, 'Enter')
  key(button, ' ')
  expect(clicks).toHaveBeenCalledTimes(2)
})

test('tappable views with a role: a link follows Enter only, a tab and a switch both keys; native controls are left to the browser', () => {
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
