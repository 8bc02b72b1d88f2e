/**
 * Form fields bound to a path of the rules draft (`<F path="campaigns[1].endsAt" … />`): the value is read from and
 * written to the draft at that path, and the problems the validator reports for exactly that path are shown under
 * the field. Lists (`ListBlock`) add, remove and reorder items; `ProblemsAt` shows problems about a whole item.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Switch, Tooltip, Typography } from 'antd'
import dayjs from 'dayjs'
import { createContext, type ReactNode, useContext } from 'react'
import type { RulesDocument } from '../../api'
import { fromPickerValue, toPickerValue } from '../../lib/business-time'
import { fmtFen, offsetLabel } from '../../lib/format'
import { editor } from './editor-store'
import { getIn, parsePath, problemText, type RuleProblem } from './paths'
import { ConfirmPop } from '../../components/confirm-pop'
import { SELECT_CLEAR } from '../../lib/clear'

export interface FieldContext {
  draft: RulesDocument
  byPath: Map<string, RuleProblem[]>
  readOnly: boolean
}

export const FieldCtx = createContext<FieldContext | null>(null)

export function useFields(): FieldContext {
  const c = useContext(FieldCtx)
  if (!c) throw new Error('fields outside the rules editor')
  return c
}

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`
}

export function useValue<T = unknown>(path: string): T {
  const { draft } = useFields()
  return getIn(draft, parsePath(path)) as T
}

export type Option = { value: string | number; label: string }

type FieldType = 'text' | 'textarea' | 'int' | 'select' | 'multi' | 'tags' | 'intTags' | 'bool' | 'datetime' | 'date' | 'color'

export interface FProps {
  path: string
  label: string
  type?: FieldType
  options?: Option[]
  min?: number
  max?: number
  /** Unit after a number ('积分', '分', '%', '天'). */
  unit?: string
  help?: ReactNode
  wide?: boolean
  placeholder?: string
  /** Empty clears the key (optional fields) instead of storing '' or null. */
  optional?: boolean
  disabled?: boolean
}

function ProblemLines({ problems }: { problems: RuleProblem[] }) {
  return (
    <>
      {problems.map((p, i) => (
        <div key={i} title={p.message}>
          {problemText(p.message)}
        </div>
      ))}
    </>
  )
}

/** A list field's problems: the list's own and each entry's (`signin.followUpTasks[0]: unknown task …`). */
function listProblems(byPath: Map<string, RuleProblem[]>, path: string): RuleProblem[] {
  return [...byPath.entries()].filter(([k]) => k.startsWith(path) && /^(\[\d+\])?$/.test(k.slice(path.length))).flatMap(([, v]) => v)
}

/** What a number field takes: "须为 1–100 的整数", "须为不小于 0 的整数". */
export function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `须为 ${min}–${max} 的整数`
  if (min !== undefined) return `须为不小于 ${min} 的整数`
  if (max !== undefined) return `须为不大于 ${max} 的整数`
  return '须为整数'
}

/**
 * The number typed, or the text as typed when a double would change what it says: 99999999999999999999 is not 1e20,
 * 1.00000000000000000001 is not 1 (both are then refused at the field, quoting what was typed). 19.9 stays a number:
 * the validator refuses it as no whole amount, and a fen field reads it in yuan.
 */
function numberTyped(text: string): number | string {
  const n = Number(text)
  if (!Number.isFinite(n)) return text
  return /^-?\d+$/.test(text.trim()) ? (Number.isSafeInteger(n) ? n : text) : Number.isInteger(n) ? text : n
}

export function F({ path, label, type = 'text', options, min, max, unit, help, wide, placeholder, optional, disabled }: FProps) {
  const { byPath, readOnly } = useFields()
  const value = useValue(path)
  const ruleProblems = type === 'multi' || type === 'tags' || type === 'intTags' ? listProblems(byPath, path) : (byPath.get(path) ?? [])
  // A number field keeps what was typed and says what is wrong with it (never rewrites -5 as the minimum unseen); a
  // number too long for a double stays the digits typed (a string), refused here and by the validator.
  const outOfRange =
    type === 'int' &&
    (typeof value === 'string' || (typeof value === 'number' && (!Number.isInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max))))
  // Said once: the validator's words when it has any here (they name the value typed), the field's range otherwise.
  const problems = outOfRange && ruleProblems.length === 0 ? [{ path, message: rangeWords(min, max) }] : ruleProblems
  const id = fieldId(path)
  const set = (v: unknown) => editor.set(path, v)
  const off = readOnly || disabled
  const common = { id, disabled: off, 'aria-invalid': problems.length > 0 || undefined, status: problems.length ? ('error' as const) : undefined }
  let control: ReactNode
  switch (type) {
    case 'textarea':
      control = <Input.TextArea {...common} value={(value as string) ?? ''} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={placeholder} onChange={(e) => set(optional && !e.target.value ? undefined : e.target.value)} />
      break
    case 'int':
      control = (
        <InputNumber<string>
          {...common}
          stringMode
          style={{ width: '100%' }}
          value={typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null}
          suffix={unit}
          placeholder={placeholder}
          onChange={(v) => set(v === null ? (optional ? undefined : null) : numberTyped(v))}
        />
      )
      break
    case 'select':
      control = (
        <Select
          {...common}
          value={value as string | number | undefined}
          options={options}
          allowClear={optional ? SELECT_CLEAR : false}
          placeholder={placeholder ?? (optional ? '不设置' : '请选择')}
          onChange={(v) => set(v === undefined || v === null ? undefined : v)}
        />
      )
      break
    case 'multi':
      // Optional: nothing chosen clears the key (a rule's platforms: absent is every platform, an empty list none).
      control = <Select {...common} mode="multiple" value={(value as string[]) ?? []} options={options} placeholder={placeholder} onChange={(v: string[]) => set(optional && v.length === 0 ? undefined : v)} />
      break
    case 'tags':
      control = <Select {...common} mode="tags" value={(value as string[]) ?? []} options={options} tokenSeparators={['\n']} placeholder={placeholder ?? '输入后回车添加'} onChange={(v) => set(v)} />
      break
    case 'intTags':
      control = (
        <Select
          {...common}
          mode="tags"
          value={((value as number[]) ?? []).map(String)}
          tokenSeparators={[',', ' ']}
          placeholder={placeholder ?? '输入数字后回车'}
          onChange={(v: string[]) => set(v.map(numberTyped))}
        />
      )
      break
    case 'bool':
      control = <Switch {...common} checked={Boolean(value)} onChange={(v) => set(optional && !v ? undefined : v)} />
      break
    case 'datetime':
      control = (
        <DatePicker
          {...common}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
          value={toPickerValue(value as string)}
          onChange={(d) => set(fromPickerValue(d) ?? (optional ? undefined : ''))}
        />
      )
      break
    case 'date':
      control = (
        <DatePicker
          {...common}
          style={{ width: '100%' }}
          value={typeof value === 'string' && value ? dayjs(value) : undefined}
          onChange={(d) => set(d ? d.format('YYYY-MM-DD') : optional ? undefined : '')}
        />
      )
      break
    case 'color':
      control = (
        <Flex gap={8} align="center">
          <Input {...common} value={(value as string) ?? ''} placeholder="#c41d16" onChange={(e) => set(e.target.value)} style={{ flex: 1 }} />
          <span aria-hidden style={{ width: 28, height: 28, borderRadius: 6, background: /^#[0-9a-f]{6}$/i.test(String(value)) ? String(value) : '#fff', border: '1px solid #d9d9d9' }} />
        </Flex>
      )
      break
    default:
      control = <Input {...common} value={(value as string) ?? ''} placeholder={placeholder} onChange={(e) => set(optional && !e.target.value ? undefined : e.target.value)} />
  }
  // An amount in fen also reads in yuan, so 19.9 typed by someone thinking in yuan shows as what it is (¥0.20).
  const inYuan = type === 'int' && unit === '分' && typeof value === 'number' ? `= ${fmtFen(value)}` : null
  const extraHelp =
    type === 'datetime' ? (
      <>
        业务时间（{offsetLabel()}）{help ? <>，{help}</> : null}
      </>
    ) : inYuan ? (
      <span data-testid={`${id}-yuan`}>
        {inYuan}
        {help ? <>；{help}</> : null}
      </span>
    ) : (
      help
    )
  return (
    <Form.Item
      label={label}
      htmlFor={id}
      className={wide ? 'field-wide' : undefined}
      data-path={path}
      validateStatus={problems.length ? 'error' : undefined}
      help={problems.length ? <ProblemLines problems={problems} /> : undefined}
      extra={extraHelp}
    >
      {control}
    </Form.Item>
  )
}

/** Problems about a whole item or list (e.g. `campaigns[2]`, `campaigns[0].lottery.prizes`). */
export function ProblemsAt({ path }: { path: string }) {
  const { byPath } = useFields()
  const problems = byPath.get(path)
  if (!problems?.length) return null
  return <Alert type="error" showIcon data-path={path} id={fieldId(path)} style={{ marginBottom: 12 }} title={<ProblemLines problems={problems} />} />
}

export function Grid({ children }: { children: ReactNode }) {
  return <div className="field-grid">{children}</div>
}

/** A list in the draft: one card per item with remove (confirmed) and, when `ordered`, move up / down. */
export function ListBlock<T>({
  path,
  title,
  itemTitle,
  render,
  make,
  ordered,
  addLabel = '添加',
  minItems = 0,
  fixed = false,
  kept,
}: {
  path: string
  title?: ReactNode
  itemTitle: (item: T, i: number) => ReactNode
  render: (i: number, itemPath: string) => ReactNode
  make: (items: T[]) => T
  ordered?: boolean
  addLabel?: string
  minItems?: number
  /** Items can be edited but not added, removed or moved (a running campaign's prizes and card kinds). */
  fixed?: boolean
  /** Why an item may not be removed (a running campaign, for anyone but an admin), or null: its 删除 says so, disabled. */
  kept?: (item: T) => string | null
}) {
  const { readOnly: formReadOnly } = useFields()
  const readOnly = formReadOnly || fixed
  const items = (useValue<T[]>(path) ?? []) as T[]
  const move = (i: number, d: number) => {
    const next = items.slice()
    const [x] = next.splice(i, 1)
    next.splice(i + d, 0, x)
    editor.set(path, next)
  }
  return (
    <div data-path={path} id={fieldId(path)}>
      {title ? (
        <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0 10px' }}>
          {title}
        </Typography.Title>
      ) : null}
      <ProblemsAt path={path} />
      {items.map((item, i) => {
        const itemPath = `${path}[${i}]`
        return (
          <Card
            key={i}
            size="small"
            className="list-card"
            id={fieldId(itemPath)}
            data-path={itemPath}
            title={itemTitle(item, i)}
            extra={
              readOnly ? null : (
                <Flex gap={4}>
                  {ordered ? (
                    <>
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={i === 0} onClick={() => move(i, -1)} />
                      <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label="下移" disabled={i === items.length - 1} onClick={() => move(i, 1)} />
                    </>
                  ) : null}
                  {kept?.(item) ? (
                    <Tooltip title={kept(item)}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除（${kept(item)}）`} disabled />
                    </Tooltip>
                  ) : (
                    <ConfirmPop title="确定删除这一项？" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => editor.set(path, items.filter((_, j) => j !== i))}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" disabled={items.length <= minItems} />
                    </ConfirmPop>
                  )}
                </Flex>
              )
            }
          >
            <ProblemsAt path={itemPath} />
            {render(i, itemPath)}
          </Card>
        )
      })}
      {readOnly ? null : (
        <Button icon={<PlusOutlined />} type="dashed" block onClick={() => editor.set(path, [...items, make(items)])} style={{ marginBottom: 16 }}>
          {addLabel}
        </Button>
      )}
    </div>
  )
}

/** `prefix-2` where `prefix-1` exists: ids for new items. */
export function nextId(prefix: string, taken: string[]): string {
  let n = 1
  while (taken.includes(`${prefix}-${n}`)) n++
  return `${prefix}-${n}`
}
