/**
 * The platform the app was built for, as uni-app's build names it (`'mp-weixin'`, `'h5'`, `'app'`...),
 * or `''` when no uni build said so (native WeChat, node, another bundler). Host-specific code is
 * gated on the flags below, so that a uni build drops what its host never runs.
 *
 * How it reaches the library: every uni build (Vue 3: Vite) replaces `process.env.UNI_PLATFORM` with a
 * string in every module, node_modules and uni_modules included, and runs its conditional compilation
 * (`#ifndef`) on every JavaScript file too: there the `typeof process` guard below is taken out, the
 * constant is a literal, and rollup drops the branches it rules out. Everywhere else the comments are
 * inert and the guard stays: no `process` (a mini program, a browser) reads as `''`, and the code
 * decides at run time as before. (A guard that stays cannot be folded away: hence the comment.)
 * scripts/build-lib.mjs writes the two comment lines back into the published files (esbuild drops
 * comments); tests/compiled/build-platform.test.ts builds a consumer of the packed library to check it.
 */
declare const process: { env: { UNI_PLATFORM?: string; NODE_ENV?: string } } | undefined

// biome-ignore format: the conditional compilation works on whole lines
export const BUILD_PLATFORM: string =
  // #ifndef VUE3 || VUE2
  typeof process !== 'object' || !process || !process.env ? '' :
  // #endif
  process.env.UNI_PLATFORM || ''

/**
 * Not a production build: developer-facing wording in full (what an option expects, what it got, how to
 * fix a setup). A uni build defines `process.env.NODE_ENV` as it does the platform (`uni build`:
 * `"production"`), the same guard is taken out, and a production bundle keeps a short message naming the
 * option or the setting instead. Every check still runs in every build; only the words are shorter.
 * Native WeChat, node and tests (no `process`, or NODE_ENV not `"production"`) read the full messages.
 */
// biome-ignore format: the conditional compilation works on whole lines
export const DEV: boolean =
  // #ifndef VUE3 || VUE2
  typeof process !== 'object' || !process || !process.env ? true :
  // #endif
  process.env.NODE_ENV !== 'production'

/** A browser (uni's `h5` / `web` build), or a build that did not say. */
export const MAY_BE_H5 = !BUILD_PLATFORM || BUILD_PLATFORM === 'h5' || BUILD_PLATFORM === 'web'

/** A mini program: any build but H5 and App (uni names mini program builds `mp-*`, `quickapp-webview*`). */
export const MAY_BE_MP = !(
  BUILD_PLATFORM === 'h5' ||
  BUILD_PLATFORM === 'web' ||
  BUILD_PLATFORM === 'app' ||
  BUILD_PLATFORM === 'app-plus' ||
  BUILD_PLATFORM === 'app-harmony'
)

/** A uni build for a mini program (`mp-*`): nothing of H5 or App runs there. */
export const MP_BUILD = MAY_BE_MP && !!BUILD_PLATFORM

/** The mini program host of a uni build for one (`'weixin'` for `mp-weixin`...), else `''`: look at run time. */
export const MP_HOST =
  BUILD_PLATFORM === 'mp-weixin'
    ? 'weixin'
    : BUILD_PLATFORM === 'mp-alipay'
      ? 'alipay'
      : BUILD_PLATFORM === 'mp-toutiao'
        ? 'toutiao'
        : BUILD_PLATFORM === 'mp-baidu'
          ? 'baidu'
          : BUILD_PLATFORM === 'mp-qq'
            ? 'qq'
            : BUILD_PLATFORM === 'mp-harmony'
              ? 'huawei'
              : BUILD_PLATFORM === 'mp-kuaishou'
                ? 'kuaishou'
                : BUILD_PLATFORM === 'mp-jd'
                  ? 'jd'
                  : BUILD_PLATFORM === 'mp-xhs'
                    ? 'xhs'
                    : ''

/** Alipay (uni's layer hands HTTP 4xx/5xx to `fail`), or a build that did not say. */
export const MAY_BE_ALIPAY = !BUILD_PLATFORM || BUILD_PLATFORM === 'mp-alipay'

/**
 * uni's HarmonyOS App (`app-harmony`): its request (uni-app packages/uni-app-harmony/src/service/api/
 * network/request.ts) sends a body without a content-type as a form, where every other host sends JSON.
 */
export const APP_HARMONY = BUILD_PLATFORM === 'app-harmony'
