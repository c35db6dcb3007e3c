import { cloud } from './cloud';
import { invalid } from './errors';

/**
 * Checks user text with WeChat's content security API (msgSecCheck v2). Risky text is refused with the field named.
 * If the check itself is unavailable the text is let through and the outage logged: a resident asking for help must
 * not be blocked by it.
 */
export async function checkText(openid: string, field: string, content: string): Promise<void> {
  let suggest: string | undefined;
  try {
    const res = (await cloud.openapi.security.msgSecCheck({ content, version: 2, scene: 2, openid })) as {
      result?: { suggest?: string };
    };
    suggest = res.result?.suggest;
  } catch (err) {
    console.warn(`msgSecCheck unavailable: ${String((err as { errCode?: unknown })?.errCode ?? err)}`);
    return;
  }
  if (suggest && suggest !== 'pass') throw invalid({ [field]: '内容含有不当信息，请修改后再提交' });
}
