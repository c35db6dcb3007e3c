import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { manageOrg, updateContact } from '../../services/orgs';
import type { Contact } from '../../shared/api';
import { orgsSchemas } from '../../shared/schemas/orgs';
import { formErrors, toastDone, whileBusy } from '../../utils/feedback';
import { dataOf, goBack } from '../../utils/navigate';
import { validated, type FieldErrors } from '../../utils/validate';

type Field = keyof Contact;

/**
 * 联系方式: an org's public card. A community's hotline (name and number), address and office hours — what 首页, the
 * notice-board poster and a scanned community code show; a grid's card is its grid worker's name and phone.
 * Saved with `orgs.updateContact` (a blank field clears it); hidden when `can.updateContact` refuses.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    orgId: '',
    orgName: '',
    isGrid: false,
    canSave: false,
    form: { name: '', phone: '', address: '', hours: '' } as Record<Field, string>,
    errors: {} as FieldErrors,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const { org, can } = await manageOrg(this.data.orgId);
      const contact = org?.contact ?? {};
      return {
        orgName: org?.name ?? '',
        isGrid: org?.level === 'grid',
        canSave: can.updateContact,
        form: {
          name: contact.name ?? '',
          phone: contact.phone ?? '',
          address: contact.address ?? '',
          hours: contact.hours ?? '',
        },
      };
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(dataOf(e).field) as Field;
      // Field messages are keyed by the cloud's dot path (`contact.phone`), not nested: rebuilt without this one.
      const errors = { ...this.data.errors };
      delete errors[`contact.${field}`];
      this.setData({ [`form.${field}`]: e.detail.value, errors });
    },

    save() {
      return whileBusy(this, 'saving', () => this.send());
    },

    async send(): Promise<void> {
      const { orgId, form, isGrid } = this.data;
      const contact = isGrid ? { name: form.name, phone: form.phone } : form;
      try {
        await updateContact(validated(orgsSchemas.updateContact, { id: orgId, contact }));
        this.setData({ errors: {} });
        toastDone('已保存');
        goBack();
      } catch (err) {
        this.setData({ errors: formErrors(err) ?? {} });
      }
    },
  },
});
