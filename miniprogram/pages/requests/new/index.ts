import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { loadable } from '../../../behaviors/loadable';
import { photoField } from '../../../behaviors/photo-field';
import { voiceNote } from '../../../behaviors/voice-note';
import { getOrg } from '../../../services/orgs';
import { resolveScene } from '../../../services/qr';
import { createRequest, newClientToken } from '../../../services/requests';
import { currentMe } from '../../../services/session';
import { categoryLabel, REQUEST_CATEGORIES, REQUEST_CATEGORY_VALUES } from '../../../shared/categories';
import { MAX_IMAGE_BYTES, MAX_IMAGES, REQUEST_LANGUAGES } from '../../../shared/requests';
import { ROUTES } from '../../../shared/routes';
import { requestsSchemas } from '../../../shared/schemas/requests';
import { formErrors, toast, toastDone, whileBusy } from '../../../utils/feedback';
import { go, replace } from '../../../utils/navigate';
import { requirePrivacy } from '../../../utils/privacy';
import { validated, type FieldErrors } from '../../../utils/validate';

interface Target {
  orgId: string;
  orgName: string;
}

const DESCRIPTION_MAX = 1000;

const isTarget = (level: string) => level === 'community' || level === 'grid';

/** Field keys of the cloud's messages as this form shows them: every `images.N` goes under the photos. */
function fieldErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.startsWith('images') ? 'images' : key;
    if (!out[field]) out[field] = message;
  }
  return out;
}

/**
 * 反映问题: the request form. Reached from the home page's service categories (`?category=`), from "我要反映问题"
 * (`?orgId=` of the user's grid or community) or by scanning a grid/community code that opens this page
 * (`?scene=`); without any, the request goes to the user's home grid or community.
 * One `clientToken` per form instance: a double tap, or a retry after a lost answer, files one request.
 */
Component({
  behaviors: [largeFont, loadable, voiceNote, photoField],
  data: {
    query: {} as Record<string, string | undefined>,
    orgId: '',
    orgName: '',
    category: '',
    categoryLabel: '',
    categoryOptions: REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
    pickerVisible: false,
    description: '',
    descriptionLength: 0,
    descriptionMax: DESCRIPTION_MAX,
    photoFolder: 'requests',
    maxPhotos: MAX_IMAGES,
    sizeLimit: { size: MAX_IMAGE_BYTES / 1024 / 1024, unit: 'MB', message: '图片不能超过 {sizeLimit} MB' },
    contactName: '',
    contactPhone: '',
    /** Masked phone of the profile, as a hint: the cloud never gives the client the full number. */
    profilePhone: '',
    /** 需要双语帮助吗: the language the resident is most at ease in (the UI itself stays in Mandarin). */
    needsBilingual: false,
    language: '',
    languageOptions: REQUEST_LANGUAGES.map((l) => ({ value: l, label: l })),
    languagePickerVisible: false,
    errors: {} as FieldErrors,
    submitting: false,
    clientToken: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const category =
        query.category && (REQUEST_CATEGORY_VALUES as string[]).includes(query.category) ? query.category : '';
      this.setData({
        query,
        clientToken: newClientToken(),
        category,
        categoryLabel: category ? categoryLabel(category) : '',
      });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    /** Where the request goes and the profile that prefills the contact fields. */
    async fetch({ refresh }: { refresh: boolean }) {
      const [target, me] = await Promise.all([this.findTarget(), currentMe({ refresh })]);
      const home = me.home;
      const fallback = home
        ? { orgId: home.gridId ?? home.communityId, orgName: home.gridName ?? home.communityName }
        : undefined;
      const chosen = target ?? fallback;
      if (!chosen) return { status: 'nohome' };
      return {
        orgId: chosen.orgId,
        orgName: chosen.orgName,
        contactName: this.data.contactName || me.profile.name || '',
        profilePhone: me.profile.phone ?? '',
      };
    },

    /** The grid or community named by the page's query (an org id or a scanned code), if any. */
    async findTarget(): Promise<Target | undefined> {
      const { orgId, scene } = this.data.query;
      if (orgId) {
        const org = await getOrg(orgId);
        return isTarget(org.level) ? { orgId: org.id, orgName: org.name } : undefined;
      }
      if (scene) {
        const qr = await resolveScene(decodeURIComponent(scene));
        if (qr.type === 'org' && isTarget(qr.view.org.level))
          return { orgId: qr.view.org.id, orgName: qr.view.org.name };
      }
      return undefined;
    },

    goSwitchCommunity() {
      go(ROUTES.switchCommunity());
    },

    openPicker() {
      this.setData({ pickerVisible: true });
    },

    closePicker() {
      this.setData({ pickerVisible: false });
    },

    onCategoryConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const category = e.detail.value[0] ?? '';
      this.setData({ pickerVisible: false, category, categoryLabel: categoryLabel(category), 'errors.category': '' });
    },

    onDescriptionChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const description = e.detail.value;
      this.setData({ description, descriptionLength: description.length, 'errors.description': '' });
    },

    onBilingualChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ needsBilingual: e.detail.value, ...(e.detail.value ? {} : { language: '' }) });
    },

    openLanguagePicker() {
      this.setData({ languagePickerVisible: true });
    },

    closeLanguagePicker() {
      this.setData({ languagePickerVisible: false });
    },

    onLanguageConfirm(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ languagePickerVisible: false, language: e.detail.value[0] ?? '', 'errors.language': '' });
    },

    onContactNameChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactName: e.detail.value, 'errors.contactName': '' });
    },

    onContactPhoneChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactPhone: e.detail.value, 'errors.contactPhone': '' });
    },

    /** Checks the form with the function's own schema, asks for privacy consent, then files the request once. */
    submit() {
      return whileBusy(this, 'submitting', () => this.send());
    },

    async send(): Promise<void> {
      const { photos, orgId, category, description, contactName, contactPhone, clientToken } = this.data;
      const { needsBilingual, language, voice } = this.data;
      if (this.photosUploading() || voice.status === 'uploading') {
        toast('图片或语音还在上传，请稍候');
        return;
      }
      const withVoice = voice.status === 'done';
      try {
        const input = validated(requestsSchemas.create, {
          orgId,
          category,
          // A voice note may stand for the description.
          description: withVoice && !description.trim() ? '（语音留言）' : description,
          ...(needsBilingual ? { needsBilingual, ...(language ? { language } : {}) } : {}),
          ...(withVoice ? { voice: voice.fileID, voiceSeconds: voice.seconds } : {}),
          ...(contactName.trim() ? { contactName } : {}),
          ...(contactPhone.trim() ? { contactPhone } : {}),
          ...(photos.length ? { images: photos.map((p) => p.fileID) } : {}),
          clientToken,
        });
        this.photoIds(); // refuses a photo whose upload failed
        // The request carries personal data (name, phone, photos): WeChat's privacy consent first.
        if (!(await requirePrivacy('提交'))) return;
        const created = await createRequest(input);
        toastDone('已提交');
        replace(ROUTES.requestDetail(created.id, { created: true }));
      } catch (err) {
        this.setData({ errors: fieldErrors(formErrors(err) ?? {}) });
      }
    },
  },
});
