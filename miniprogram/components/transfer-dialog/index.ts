import { dialog, fieldMessage } from '../../behaviors/dialog';
import { isCloudError } from '../../services/errors';
import type { OrgChoice, TransferDialogOptions } from '../../utils/dialogs';

type Options = TransferDialogOptions<unknown>;

const FRESH = { targetId: '', targetName: '', targetLevel: '', reason: '', error: '' };

/** A refusal as the dialog tells it: the reason's messages after their label (转办原因不能为空). */
function refusal(err: unknown, options: Options): string {
  const onReason = isCloudError(err) ? err.fields?.reason : undefined;
  return onReason ? `${options.reasonLabel ?? '原因'}${onReason}` : fieldMessage(err, 'reason');
}

/**
 * Hands something to another community or grid: the org tree (org-picker, from the cities down) and a reason.
 * A request may go to a community or a grid, a household only to a grid (`gridOnly`). Opened by the page:
 * `transferDialog(this, '#id').open({…})`.
 */
Component({
  behaviors: [dialog],
  data: { title: '', chooseText: '', placeholder: '', confirmText: '确定', ...FRESH },
  methods: {
    open(options: Options): Promise<unknown> {
      return this.openWith(options, {
        ...FRESH,
        title: options.title,
        chooseText: options.chooseText,
        placeholder: options.placeholder,
        confirmText: options.confirmText,
      });
    },

    onSelect(e: WechatMiniprogram.CustomEvent<OrgChoice>) {
      const options = this.dialogOptions() as Options | undefined;
      if (options?.gridOnly && e.detail.level !== 'grid') {
        this.setData({ error: '请选到网格一级' });
        return;
      }
      this.setData({ targetId: e.detail.id, targetName: e.detail.name, targetLevel: e.detail.level, error: '' });
    },

    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, error: '' });
    },

    async submit(): Promise<void> {
      const options = this.dialogOptions() as Options | undefined;
      if (!options) return;
      const { targetId, targetName, targetLevel, reason } = this.data;
      if (!targetId) {
        this.setData({ error: options.chooseText });
        return;
      }
      const target = { id: targetId, name: targetName, level: targetLevel } as OrgChoice;
      const { result, error } = await this.runSubmit(target, reason);
      if (error) this.setData({ error: refusal(error, options) });
      else if (result !== undefined) this.finish(result);
    },
  },
});
