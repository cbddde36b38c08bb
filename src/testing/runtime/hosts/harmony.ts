/**
 * HarmonyOS atomic services: `has`, as uni-app's compiled mp-harmony output finds it. uni's layer
 * (uni-mp-harmony 3.0.0-5000720260410001, dist/uni.api.esm.js) has protocols only for
 * getSystemInfo, navigateTo (`__id__` through `has.EventChannel`), redirectTo, onError, previewImage
 * and requestPayment (`orderInfo` -> `orderStr`): request, storage, showModal, navigation and login
 * pass through to `has` (./wx-shaped.ts). `getProvider` lists the login provider `huawei` only when
 * `has.canIUse('login')`, and navigateToMiniProgram is `has.navigateToAtomicService`. Templates are
 * `.hxml`; the scripts are the same CommonJS as on WeChat.
 */
import { wxShaped } from './wx-shaped'

export const harmony = wxShaped('harmony', 'has')
