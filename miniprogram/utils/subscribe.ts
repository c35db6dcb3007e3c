import { SUBSCRIBE_TEMPLATES, type SubscribeTemplate } from '../config/templates';

/**
 * Asks the user to accept the given subscribe messages. WeChat shows the dialog only from a tap, so call this first
 * in a tap handler, before anything is awaited. A refusal (or no configured template) changes nothing else.
 */
export function askSubscribe(templates: SubscribeTemplate[]): void {
  const tmplIds = templates.map((t) => SUBSCRIBE_TEMPLATES[t]).filter(Boolean);
  if (!tmplIds.length || typeof wx.requestSubscribeMessage !== 'function') return;
  wx.requestSubscribeMessage({ tmplIds, fail: () => undefined });
}
