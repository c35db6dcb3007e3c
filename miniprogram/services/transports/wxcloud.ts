import { CloudCallError } from '../errors';
import type { Transport } from './types';

/** The platform's code for "the function threw" (a bug, not the network). */
const FUNCTION_THREW = -504002;

/** Production: `wx.cloud.callFunction` in the environment that app.ts initialised. */
export const wxCloudTransport: Transport = async (name, data) => {
  try {
    const res = await wx.cloud.callFunction({ name, data });
    return res.result;
  } catch (err) {
    const code = (err as { errCode?: number }).errCode;
    if (code === FUNCTION_THREW) throw new CloudCallError('INTERNAL', '服务暂时不可用，请稍后再试');
    throw new CloudCallError('NETWORK', '网络不给力，请检查网络后重试');
  }
};
