import { cloud } from './cloud';
import { setting, type TemplateSetting } from './settings';

/**
 * Sends a subscribe message. The template id comes from the function's environment (`templateEnv`); without one,
 * or when the user has not subscribed (43101) or anything else fails, nothing breaks: the caller's change stands.
 */
export async function notify(
  touser: string,
  templateEnv: TemplateSetting,
  page: string,
  data: Record<string, string>,
): Promise<boolean> {
  const templateId = setting(templateEnv);
  if (!templateId) return false;
  const payload = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v.slice(0, 20) }]));
  try {
    await cloud.openapi.subscribeMessage.send({
      touser,
      templateId,
      page,
      data: payload,
      miniprogramState: 'formal',
      lang: 'zh_CN',
    });
    return true;
  } catch (err) {
    const code = (err as { errCode?: number })?.errCode;
    if (code !== 43101) console.warn(`subscribeMessage.send failed: ${String(code ?? err)}`);
    return false;
  }
}
