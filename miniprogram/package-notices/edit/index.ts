import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { createNotice, getNotice, updateNotice } from '../../services/notices';
import { currentMe } from '../../services/session';
import {
  blocksFromText,
  MAX_NOTICE_BODY,
  MAX_NOTICE_IMAGES,
  MAX_NOTICE_TITLE,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  textFromBlocks,
  type NoticeKind,
} from '../../shared/notices';
import { ROUTES } from '../../shared/routes';
import { noticesSchemas } from '../../shared/schemas/notices';
import { formErrors, toastDone, whileBusy } from '../../utils/feedback';
import { goBack, replace } from '../../utils/navigate';
import { validated, type FieldErrors } from '../../utils/validate';
import { photoField, savedPhotos } from '../../behaviors/photo-field';

/** The cloud's field keys as this form shows them: `body.3.text` under the text, `images.N` under the photos. */
function fieldErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.split('.')[0];
    if (!out[field]) out[field] = message;
  }
  return out;
}

/**
 * 发布 / 编辑 a notice, policy item or guide (staff, from 社区管理 → 通知公告). The text is typed as plain lines:
 * `# ` a heading, `- ` a list item, a line in `**` bold; it is sent as blocks, never as HTML. Photos go after the
 * text (photos an existing notice shows inside its text are kept there). `?orgId=` publishes, `?id=` edits.
 */
Component({
  behaviors: [largeFont, loadable, photoField],
  data: {
    id: '',
    orgId: '',
    orgName: '',
    kind: 'notice' as NoticeKind,
    kindOptions: NOTICE_KINDS.map((value) => ({ value, label: NOTICE_KIND_LABELS[value] })),
    title: '',
    text: '',
    pinned: false,
    /** Image blocks of an edited notice's body, kept where they were. */
    inlineImages: [] as { index: number; fileID: string }[],
    errors: {} as FieldErrors,
    maxTitle: MAX_NOTICE_TITLE,
    maxText: MAX_NOTICE_BODY,
    photoFolder: 'notices',
    maxPhotos: MAX_NOTICE_IMAGES,
    submitting: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      this.setData({ id: query.id ?? '', orgId: query.orgId ?? '' });
      wx.setNavigationBarTitle({ title: query.id ? '编辑' : '发布' });
      await this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      if (!this.data.id) {
        const me = await currentMe();
        return { orgName: me.roles.find((r) => r.orgId === this.data.orgId)?.orgName ?? '' };
      }
      const notice = await getNotice(this.data.id);
      return {
        orgId: notice.orgId,
        orgName: notice.orgName,
        kind: notice.kind,
        title: notice.title,
        text: textFromBlocks(notice.body),
        pinned: notice.pinned,
        inlineImages: notice.body.flatMap((b, index) => (b.type === 'img' ? [{ index, fileID: b.fileID }] : [])),
        photos: await savedPhotos(notice.images),
      };
    },

    onKind(e: WechatMiniprogram.CustomEvent<{ value: NoticeKind }>) {
      this.setData({ kind: e.detail.value, 'errors.kind': '' });
    },

    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ title: e.detail.value, 'errors.title': '' });
    },

    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, 'errors.body': '' });
    },

    onPinned(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ pinned: e.detail.value });
    },

    /** The typed text as blocks, with the edited notice's inline images put back where they were. */
    body() {
      const blocks = blocksFromText(this.data.text);
      for (const { index, fileID } of this.data.inlineImages) {
        blocks.splice(Math.min(index, blocks.length), 0, { type: 'img', fileID });
      }
      return blocks;
    },

    submit() {
      return whileBusy(this, 'submitting', () => this.send());
    },

    async send(): Promise<void> {
      const { id, orgId, kind, title, pinned } = this.data;
      try {
        const fields = { kind, title, body: this.body(), images: this.photoIds(), pinned };
        if (id) {
          await updateNotice(validated(noticesSchemas.update, { id, ...fields }));
          toastDone('已保存');
          goBack();
        } else {
          const created = await createNotice(validated(noticesSchemas.create, { orgId, ...fields }));
          toastDone('已发布');
          replace(ROUTES.noticeDetail(created.id));
        }
      } catch (err) {
        this.setData({ errors: fieldErrors(formErrors(err) ?? {}) });
      }
    },
  },
});
