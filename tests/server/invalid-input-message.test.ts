/**
 * A 400 INVALID_INPUT is read by a member (the app toasts its message): the message is zh-CN and names the field
 * as the form does, or asks to check and retry — the wire's field name is for callers, in `details.field`. The same
 * from the use cases' own checks (server/core/validate.ts) and from the contract's (server/http/openapi-validation.ts).
 */
import { HttpError } from '../../server/core/http'
import { invalid, invalidInputMessage, requiredText } from '../../server/core/validate'
import { openApiValidator } from '../../server/http/openapi-validation'

const refusal = (run: () => void): HttpError => {
  try {
    run()
  } catch (e) {
    if (e instanceof HttpError) return e
    throw e
  }
  throw new Error('not refused')
}

test('the use cases’ checks: a field the member fills in by its label, any other as "check and retry"; the field stays in details', () => {
  const nickname = refusal(() => requiredText({ nickname: '   ' }, 'nickname', 20))
  expect(nickname).toMatchObject({ status: 400, code: 'INVALID_INPUT', message: '昵称填写有误，请检查后重试', details: { field: 'nickname', reason: 'must not be blank' } })
  expect(invalid('items[0].qty', 'required')).toMatchObject({ message: '填写的内容有误，请检查后重试', details: { field: 'items[0].qty', reason: 'required' } })
  expect(invalidInputMessage('delivery.phone')).toBe('手机号填写有误，请检查后重试')
  // Only own entries: a field named like an Object property is not a label.
  expect(invalidInputMessage('constructor')).toBe('填写的内容有误，请检查后重试')
  for (const field of ['nickname', 'birthday', 'cursor', 'body', 'constructor']) expect(invalidInputMessage(field)).not.toMatch(/[A-Za-z]/)
})

test('the contract’s checks say it the same way', async () => {
  const validate = await openApiValidator()
  const tooLong = refusal(() => validate({ method: 'POST', pattern: '/member/profile', params: {}, query: {}, body: { nickname: '名'.repeat(21) } }))
  expect(tooLong).toMatchObject({ status: 400, code: 'INVALID_INPUT', message: '昵称填写有误，请检查后重试', details: { field: 'nickname' } })
  const badDate = refusal(() => validate({ method: 'POST', pattern: '/member/profile', params: {}, query: {}, body: { nickname: '小满', birthday: '1990-5-1' } }))
  expect(badDate).toMatchObject({ message: '生日填写有误，请检查后重试', details: { field: 'birthday' } })
  const body = refusal(() => validate({ method: 'POST', pattern: '/orders/quote', params: {}, query: {}, body: [] }))
  expect(body).toMatchObject({ message: '填写的内容有误，请检查后重试', details: { field: 'body' } })
})
