/**
 * Kuaishou: `ks`, as uni-app's compiled mp-kuaishou output finds it. uni's Kuaishou layer
 * (uni-mp-kuaishou 3.0.0-5000720260410001, dist/uni.api.esm.js) has protocols only for
 * getSystemInfo, navigateTo (`__id__`), redirectTo, onError, onSocketOpen/Message, previewImage and
 * requestPayment (`ks.pay` with `serviceId: '1'`): request, storage, showModal, navigation and login
 * pass through to `ks` (./wx-shaped.ts). Its `getProvider` names the login provider `kuaishou`.
 */
import { wxShaped } from './wx-shaped'

export const kuaishou = wxShaped('kuaishou', 'ks')
