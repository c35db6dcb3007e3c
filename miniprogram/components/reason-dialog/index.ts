import { dialog, fieldMessage } from '../../behaviors/dialog';
import type { ReasonDialogOptions } from '../../utils/dialogs';

type Options = ReasonDialogOptions<unknown>;

const FRESH = { text: '', error: '', shown: '', phone: '' };

/**
 * A reason (or any one text) asked before a change: revealing a full number (then shown here, with 拨打 for a
 * phone), moving out, a resolution, cancelling an event. Opened by the page: `reasonDialog(this, '#id').open({…})`.
 */
Component({
  behaviors: [dialog],
  data: {
    title: '',
    notice: '',
    label: '',
    placeholder: '',
    confirmText: '确定',
    danger: false,
    multiline: false,
    maxlength: 200,
    ...FRESH,
  },
  methods: {
    open(options: Options): Promise<unknown> {
      return this.openWith(options, {
        ...FRESH,
        title: options.title,
        notice: options.notice ?? '',
        label: options.label ?? '',
        placeholder: options.placeholder ?? '',
        confirmText: options.confirmText,
        danger: Boolean(options.danger),
        multiline: Boolean(options.multiline),
        maxlength: options.maxlength ?? 200,
      });
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, error: '' });
    },

    async submit(): Promise<void> {
      const options = this.dialogOptions() as Options | undefined;
      if (!options) return;
      const { result, error } = await this.runSubmit(this.data.text);
      if (error) this.setData({ error: fieldMessage(error, options.field ?? 'reason') });
      else if (result !== undefined) {
        const shown = options.show?.(result);
        if (shown) this.setData({ shown: shown.text, phone: shown.phone ?? '' });
        this.finish(result, Boolean(shown));
      }
    },

    call() {
      if (this.data.phone) wx.makePhoneCall({ phoneNumber: this.data.phone });
    },
  },
});
