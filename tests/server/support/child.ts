/**
 * The frame of the server tests' child scripts (PGlite cannot load inside Jest; tests run them with `runScript`):
 * the input parsed from the JSON on stdin, `work`'s answer printed as JSON on stdout, the database closed either
 * way, and a failure on stderr with exit code 1.
 */
import type { Db } from '../../../server/sql/db'

export function childScript<I, O>(open: () => Promise<Db>, work: (db: Db, input: I) => Promise<O>): void {
  const run = async () => {
    let input = ''
    for await (const chunk of process.stdin) input += chunk
    const db = await open()
    try {
      process.stdout.write(JSON.stringify(await work(db, JSON.parse(input) as I)))
    } finally {
      await db.close()
    }
  }
  run().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e)
    process.exit(1)
  })
}
