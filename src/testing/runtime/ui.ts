/**
 * What the user sees and answers: modals, answered automatically (confirm or cancel) or by the
 * test (`answer()`), one call record each; and toasts, whose titles are kept.
 */
import type { ModalOptions } from '../../auth/platform'
import type { Callbacks } from './callbacks'
import type { Scheduler } from './scheduler'

export interface ModalCall {
  /** The options `showModal` was called with (after interceptors), in uni's names whatever the host. */
  options: ModalOptions
  /** The host API that showed it ('showModal'; Alipay: 'confirm' or 'alert') and the arguments it got. */
  host: { api: string; args: Record<string, unknown> }
  answered: boolean
  /** The answer, once answered. */
  confirm?: boolean
  /** Answers the modal; its callbacks run on a later microtask. Throws if already answered. */
  answer(confirm: boolean): void
}

export interface ModalResult {
  confirm: boolean
  cancel: boolean
  errMsg: string
}

export interface RuntimeModalOptions extends ModalOptions {
  complete?(res: unknown): void
}

export interface ToastOptions extends Callbacks<{ errMsg: string }> {
  title: string
  icon?: string
  duration?: number
}

/** How modals are answered: automatically (true = confirm, false = cancel), or by the test. */
export type ModalAnswer = boolean | 'manual'

export interface Ui {
  readonly modals: ModalCall[]
  readonly toasts: string[]
  /** How the next modals are answered. */
  modalAnswer: ModalAnswer
  /** Records a modal; `answered` runs on a later microtask once it is answered. */
  modal(options: ModalOptions, host: ModalCall['host'], answered: (confirm: boolean) => void): ModalCall
  toast(title: string): void
}

export function createUi(scheduler: Scheduler, modalAnswer: ModalAnswer): Ui {
  const ui: Ui = {
    modals: [],
    toasts: [],
    modalAnswer,
    modal(options, host, answered) {
      const call: ModalCall = {
        options,
        host,
        answered: false,
        answer(confirm) {
          if (call.answered) throw new Error('mp-runtime: this modal was already answered')
          call.answered = true
          call.confirm = confirm
          scheduler.later(() => answered(confirm))
        },
      }
      ui.modals.push(call)
      const mode = ui.modalAnswer
      if (mode !== 'manual') {
        scheduler.later(() => {
          if (!call.answered) call.answer(mode)
        })
      }
      return call
    },
    toast(title) {
      ui.toasts.push(title)
    },
  }
  return ui
}
