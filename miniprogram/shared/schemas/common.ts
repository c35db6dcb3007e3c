import * as v from 'valibot';

/** Building blocks of every input schema; messages are what a user reads under a form field. */

export const text = (max: number, min = 1) =>
  v.pipe(
    v.string('必须是文本'),
    v.trim(),
    v.minLength(min, min === 1 ? '不能为空' : `至少 ${min} 个字`),
    v.maxLength(max, `不能超过 ${max} 个字`),
  );

export const optionalText = (max: number) => v.optional(text(max, 0));

export const id = v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确'));

/** QR scene tokens are URL-safe base64, at most 32 characters (wxacode.getUnlimited's limit). */
export const scene = v.pipe(v.string('必须是文本'), v.regex(/^[A-Za-z0-9_-]{1,32}$/, '二维码无效'));

export const mobilePhone = v.pipe(v.string('必须是文本'), v.trim(), v.regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号'));

/** A service phone: a mobile number or a landline such as 0871-67100001. */
export const contactPhone = v.pipe(
  v.string('必须是文本'),
  v.trim(),
  v.regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{5,6})$/, '请输入手机号或座机号'),
);

export const latitude = v.pipe(v.number('必须是数字'), v.minValue(-90, '纬度超出范围'), v.maxValue(90, '纬度超出范围'));
export const longitude = v.pipe(
  v.number('必须是数字'),
  v.minValue(-180, '经度超出范围'),
  v.maxValue(180, '经度超出范围'),
);

export const listParams = {
  limit: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '最小为 1'), v.maxValue(50, '最大为 50')),
  ),
  cursor: v.optional(v.pipe(v.string('必须是文本'), v.maxLength(200, '游标无效'))),
};

export const empty = v.strictObject({});
