import * as v from 'valibot';
import { scene } from './common';

export const qrSchemas = {
  resolve: v.strictObject({ scene }),
  image: v.strictObject({
    scene,
    page: v.optional(v.pipe(v.string('必须是文本'), v.regex(/^[a-z0-9_/-]{1,100}$/, '页面路径无效'))),
  }),
  rotate: v.strictObject({ scene }),
};
