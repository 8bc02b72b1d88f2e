/**
 * The H5 button (src/platform/button.h5.tsx): a native <button>, so the browser keeps a disabled one out of reach;
 * a loading one shows a spinner, says it is busy and takes no tap, yet keeps the focus; hoverClass is the pressed
 * look under a finger.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Button } from '@/platform/button.h5'

test('a native button that passes its id, class and data attributes and answers a tap', () => {
  const tap = jest.fn()
  render(
    <Button id='redeem' className='btn btn--primary' data-sku='coffee' onClick={tap}>
      立即兑换
    </Button>,
  )
  const button = screen.getByRole('button', { name: '立即兑换' })
  expect(button.localName).toBe('button')
  expect(button).toHaveAttribute('type', 'button')
  expect(button).toHaveAttribute('id', 'redeem')
  expect(button).toHaveAttribute('data-sku', 'coffee')
  expect(button).toHaveClass('btn', 'btn--primary')
  fireEvent.click(button)
  expect(tap).toHaveBeenCalledTimes(1)
})

test('a disabled button is disabled for the browser and ignores taps', () => {
  const tap = jest.fn()
  render(
    <Button className='btn' disabled onClick={tap}>
      已领取
    </Button>,
  )
  const button = screen.getByRole('button', { name: '已领取' })
  expect(button).toBeDisabled()
  fireEvent.click(button)
  expect(tap).not.toHaveBeenCalled()
})

test('a loading button shows a spinner, says it is busy and ignores taps until it is done, keeping the focus', () => {
  const tap = jest.fn()
  const { rerender } = render(
    <Button className='btn' disabled loading onClick={tap}>
      提交
    </Button>,
  )
  const button = screen.getByRole('button', { name: '提交' })
  expect(button).toHaveAttribute('aria-busy', 'true')
  expect(button).toHaveAttribute('aria-disabled', 'true')
  expect(button.querySelector('.ui-button__spinner')).not.toBeNull()
  fireEvent.click(button)
  expect(tap).not.toHaveBeenCalled()
  // Pages disable a button while it works; a natively disabled one could not hold the focus of the key that pressed it.
  expect(button).not.toBeDisabled()
  button.focus()
  expect(button).toHaveFocus()

  rerender(
    <Button className='btn' onClick={tap}>
      提交
    </Button>,
  )
  expect(button).not.toHaveAttribute('aria-busy')
  expect(button).not.toHaveAttribute('aria-disabled')
  expect(button.querySelector('.ui-button__spinner')).toBeNull()
  fireEvent.click(button)
  expect(tap).toHaveBeenCalledTimes(1)
})

test('hoverClass shows while a finger is on the button and a moment after; never on a disabled one', () => {
  jest.useFakeTimers()
  try {
    const { rerender } = render(<Button hoverClass='pressed'>签到</Button>)
    const button = screen.getByRole('button', { name: '签到' })
    fireEvent.touchStart(button)
    expect(button).toHaveClass('pressed')
    fireEvent.touchEnd(button)
    expect(button).toHaveClass('pressed')
    act(() => jest.advanceTimersByTime(70))
    expect(button).not.toHaveClass('pressed')

    rerender(
      <Button hoverClass='pressed' disabled>
        签到
      </Button>,
    )
    fireEvent.touchStart(button)
    expect(button).not.toHaveClass('pressed')
  } finally {
    jest.useRealTimers()
  }
})
