/**
 * When a rules version takes effect, as the save and rollback dialogs ask it: now, or at an instant in business time
 * that must be later than the server's now and at most a year after it (the server refuses a past one with
 * RULES_EFFECTIVE_IN_PAST, a later one with RULES_EFFECTIVE_TOO_FAR). Form fields `when` ('now' | 'scheduled') and `at`.
 */
import { DatePicker, Form, Radio } from 'antd'
import type { Dayjs } from 'dayjs'
import { latestSchedule, scheduleProblem, toPickerValue } from '../../lib/business-time'
import { serverNow } from '../../lib/clock'
import { offsetLabel } from '../../lib/format'

export function WhenFields({ when }: { when: 'now' | 'scheduled' | undefined }) {
  return (
    <>
      <Form.Item label="生效时间" name="when">
        <Radio.Group
          options={[
            { value: 'now', label: '立即生效' },
            { value: 'scheduled', label: '定时生效' },
          ]}
        />
      </Form.Item>
      {when === 'scheduled' ? (
        <Form.Item
          label={`生效时刻（业务时间 ${offsetLabel()}）`}
          name="at"
          rules={[
            { required: true, message: '请选择生效时刻' },
            {
              validator: (_, d?: Dayjs) => {
                const problem = d ? scheduleProblem(d, serverNow()) : null
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
              },
            },
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            minDate={toPickerValue(new Date(serverNow()).toISOString())}
            maxDate={latestSchedule(serverNow())}
          />
        </Form.Item>
      ) : null}
    </>
  )
}
