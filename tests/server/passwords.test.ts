/**
 * The server's password check, in-process: the work it does must not depend on whether the
 * account exists. Counted (scrypt calls and their parameters), never timed.
 */
import { hashPassword, verifyPassword } from '../../server/passwords'

// The module object itself (what `server/passwords.ts` calls into), not an import's namespace copy.
const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto')

const stored = hashPassword('right-password')

/** The scrypt calls `check` makes: [password length, salt length, key length, options]. */
function scryptCalls(check: () => boolean) {
  const spy = jest.spyOn(crypto, 'scryptSync')
  try {
    const result = check()
    return {
      result,
      calls: spy.mock.calls.map(([pw, salt, len, opts]) => [
        String(pw).length,
        Buffer.from(salt as Buffer).length,
        len,
        opts,
      ]),
    }
  } finally {
    spy.mockRestore()
  }
}

test('a right and a wrong password each cost one scrypt', () => {
  expect(scryptCalls(() => verifyPassword('right-password', stored))).toEqual({
    result: true,
    calls: [[14, 16, 32, undefined]],
  })
  expect(scryptCalls(() => verifyPassword('wrong-password', stored))).toEqual({
    result: false,
    calls: [[14, 16, 32, undefined]],
  })
})

test.each([
  ['no account', undefined],
  ['an account without a password (WeChat only)', null],
  ['a stored value that is not a scrypt hash', 'plain$text'],
  ['a scrypt hash of another length', 'scrypt$AAAA$AAAA'],
])('%s costs the same one scrypt as a wrong password, and never matches', (_, value) => {
  expect(scryptCalls(() => verifyPassword('wrong-password', value))).toEqual({
    result: false,
    calls: [[14, 16, 32, undefined]],
  })
})
