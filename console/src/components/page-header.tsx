import { Flex, Typography } from 'antd'
import type { ReactNode } from 'react'

export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <Flex className="page-header" justify="space-between" align="center" wrap gap={12}>
      <div>
        <Typography.Title level={1} className="page-title">
          {title}
        </Typography.Title>
        {sub ? <Typography.Text className="page-sub">{sub}</Typography.Text> : null}
      </div>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  )
}
