/** `npm start`: build the H5 app (embedded mock backend unless TARO_APP_API_BASE is set) and serve it. */
import { execSync } from 'node:child_process'
import path from 'node:path'
import { startStaticServer } from './serve'

const root = path.resolve(__dirname, '..')
const port = Number(process.env.PORT ?? 10086)

if (!process.argv.includes('--no-build')) {
  console.log('Building the H5 app (dist/h5)…')
  execSync('npx taro build --type h5', { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}

startStaticServer(path.join(root, 'dist/h5'), port, '0.0.0.0').then(({ url }) => {
  const backend = process.env.TARO_APP_API_BASE ? `backend ${process.env.TARO_APP_API_BASE}` : 'the embedded mock backend'
  console.log(`\nLoyalty H5 app on ${backend}:\n\n  ${url}/\n\nOpen it in a browser (phone-sized window recommended). Ctrl+C stops the server.`)
})
