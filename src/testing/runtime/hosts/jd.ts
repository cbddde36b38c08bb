/**
 * JD: `jd`, as uni-app's compiled mp-jd output finds it. uni's JD layer (uni-mp-jd
 * 3.0.0-5000720260410001, dist/uni.api.esm.js) has protocols only for getSystemInfo, navigateTo
 * (`__id__`), redirectTo, onError, onSocketOpen/Message and previewImage: request, storage,
 * showModal, navigation and login pass through to `jd` (./wx-shaped.ts). Its `getProvider` names the
 * login provider `jd`.
 */
import { wxShaped } from './wx-shaped'

export const jd = wxShaped('jd', 'jd')
