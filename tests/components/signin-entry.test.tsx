/**
 * Home's 签到 entry promises what a sign-in today pays — once the calendar says so; before that (a new member's
 * first screen, a calendar that failed to load) it says 去签到 and no "+0".
 */
import { render } from '@testing-library/react'
import { SigninEntry } from '@/components/member/signin-entry'

test('the button names today’s points when known, and only then', () => {
  const known = render(<SigninEntry signedToday={false} streak={2} points={15} onOpen={() => undefined} />)
  expect(known.container.querySelector('button')).toHaveTextContent(/^去签到 \+15$/)
  known.unmount()
  const unknown = render(<SigninEntry signedToday={false} streak={0} onOpen={() => undefined} />)
  expect(unknown.container.querySelector('button')).toHaveTextContent(/^去签到$/)
  unknown.unmount()
  const signed = render(<SigninEntry signedToday streak={3} points={5} onOpen={() => undefined} />)
  expect(signed.container.querySelector('button')).toHaveTextContent(/^查看日历$/)
})
