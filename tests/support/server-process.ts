/**
 * Starts the reference server in its own process (test mode, in-memory
 * database, a free loopback port) and drives its control endpoints.
 * Any flag of `server/main.ts` may be added: `startServer(['--dialect', 'ruoyi'])`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import type { Stats } from '../../server/context'

const ROOT = join(__dirname, '..', '..')

export interface RunningServer {
  url: string
  process: ChildProcess
  control<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body?: object): Promise<T>
  stats(): Promise<Stats>
  stop(): Promise<void>
}

export async function startServer(args: string[] = []): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'server', 'main.ts'),
      '--mode',
      'test',
      '--port',
      '0',
      '--db',
      ':memory:',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${err}`)), 20000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}: ${err}`))
    })
  })
  const control = async <T>(method: string, path: string, body?: object) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  return {
    url,
    process: child,
    control,
    stats: () => control('GET', '/__control/stats'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
