import { env } from '../../config/env';
import { currentPersona } from '../../config/personas';
import { CloudCallError } from '../errors';
import type { Transport } from './types';

const TIMEOUT_MS = 15000;

/**
 * The local cloud (`npm start`): `POST <localUrl>/fn/<name>` with the data as JSON body, acting as the chosen demo
 * persona through `X-WX-OPENID`. It answers 200 with the function's envelope, or 500 `{ errCode, errMsg }` when the
 * function threw, as CloudBase does.
 */
export const localTransport: Transport = (name, data) =>
  new Promise((resolve, reject) => {
    wx.request({
      url: `${env.localUrl}/fn/${name}`,
      method: 'POST',
      data,
      header: { 'content-type': 'application/json', 'X-WX-OPENID': currentPersona() },
      timeout: TIMEOUT_MS,
      success(res) {
        if (res.statusCode === 200) resolve(res.data);
        else if (res.statusCode >= 500) reject(new CloudCallError('INTERNAL', '服务暂时不可用，请稍后再试'));
        else reject(new CloudCallError('INTERNAL', `服务返回了错误（HTTP ${res.statusCode}）`));
      },
      fail() {
        reject(new CloudCallError('NETWORK', '连不上本地云服务，请确认已运行 npm start 后重试'));
      },
    });
  });
