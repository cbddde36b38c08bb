/**
 * The timeline for a page: its episode laid out (timeline-layout.ts), kept current while the page
 * lives. Changes that come in one go (20 sends in one tick) are drawn once: a mini program pays a
 * `setData` per render.
 */
import { onUnmounted, shallowRef } from 'vue'
import type { Timeline } from './timeline'
import { layout, type TimelineView } from './timeline-layout'

export function useTimeline(timeline: Timeline) {
  const view = shallowRef<TimelineView>(layout(timeline.episode()))
  let queued = false
  const redraw = () => {
    if (queued) return
    queued = true
    Promise.resolve().then(() => {
      queued = false
      view.value = layout(timeline.episode())
    })
  }
  const off = timeline.subscribe(redraw)
  onUnmounted(off)
  return { view, clear: () => timeline.clear() }
}
