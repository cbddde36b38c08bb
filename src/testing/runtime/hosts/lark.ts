/**
 * Lark (Feishu): `tt`, as uni-app's compiled mp-lark output finds it (the layer is Douyin's, on the
 * same global). uni's Lark layer (uni-mp-lark 3.0.0-5000720260410001, dist/uni.api.esm.js) drops
 * `scopes` and `timeout` from `login` (as on Douyin) and keeps everything else the module calls as it
 * is: request, storage, showModal and navigation pass through to `tt` (./wx-shaped.ts). Its
 * `getProvider` names the login provider `toutiao`, as on Douyin, and so does the module (it sees
 * `tt`). Lark's own `tt.login` is not Douyin's (no anonymous code, no login box is described in any
 * source here): the runtime gives a fresh code, as on WeChat.
 */
import { wxShaped } from './wx-shaped'

export const lark = wxShaped('lark', 'tt')
