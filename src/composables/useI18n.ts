/** The app's texts (src/i18n.ts) in its locale, and `fill` for the ones with `{params}`. */
import { fill, messagesFor } from '@/i18n'
import { auth } from '@/session'

export function useI18n() {
  return { m: messagesFor(auth.platform), fill }
}
