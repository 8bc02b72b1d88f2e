import { Text, View } from '@tarojs/components'
import { Section } from './section'
import './rules-note.scss'

/** The rules a member should know before acting (兑换说明, 下单须知), one sentence a line, from the rules config. */
export function RulesNote({ id, title, lines }: { id: string; title: string; lines: string[] }) {
  return (
    <Section title={title} id={id}>
      <View className='rules-note'>
        {lines.map((line) => (
          <Text key={line} className='rules-note__line'>
            {line}
          </Text>
        ))}
      </View>
    </Section>
  )
}
