/**
 * Xiaohongshu: `xhs`, as uni-app's compiled mp-xhs output finds it. uni's Xiaohongshu layer
 * (uni-mp-xhs 3.0.0-5000720260410001, dist/uni.api.esm.js) has protocols only for getSystemInfo,
 * navigateTo (`__id__`), redirectTo, onError, onSocketOpen/Message, previewImage, showActionSheet
 * (`itemColor` '#000000' when none is given) and requestPayment (`requestGuaranteeOrderPayment`):
 * request, storage, showModal, navigation and login pass through to `xhs` (./wx-shaped.ts). Its
 * `getProvider` names the login provider `xhs`.
 */
import { wxShaped } from './wx-shaped'

export const xhs = wxShaped('xhs', 'xhs')
