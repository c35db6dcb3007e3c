import dayjs from 'dayjs';
import { largeFont, syncLargeFont } from '../../../behaviors/large-font';
import { errorText, isCloudError } from '../../../services/cloud';
import { cancelEvent, createEvent, getEvent, updateEvent } from '../../../services/events';
import { getOrg } from '../../../services/orgs';
import type { EventView } from '../../../shared/api';
import { DEFAULT_MAX_PARTY_SIZE, EVENT_TYPE_LABELS, EVENT_TYPES, type EventType } from '../../../shared/events';
import { eventsSchemas } from '../../../shared/schemas/events';
import { EVENT_URLS } from '../../../utils/event-views';
import { validate, type FieldErrors } from '../../../utils/validate';

type Status = 'loading' | 'ready' | 'error';
type TimeField = 'startAt' | 'endAt' | 'signupDeadline';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';

/** "2026-12-05 18:00" (China time, as the picker shows it) → ISO with +08:00. */
function pickerToIso(value: string): string {
  return value ? `${value.replace(' ', 'T')}:00+08:00` : '';
}

function isoToPicker(iso: string | undefined): string {
  return iso ? dayjs(iso).format(PICKER_FORMAT) : '';
}

interface Form {
  type: EventType;
  title: string;
  description: string;
  locationName: string;
  address: string;
  latitude?: number;
  longitude?: number;
  startAt: string;
  endAt: string;
  signupDeadline: string;
  capacity: string;
  maxPartySize: number;
  waitlist: boolean;
  dishRequired: boolean;
}

function newForm(): Form {
  const start = dayjs().add(7, 'day').hour(18).minute(0);
  return {
    type: 'banquet',
    title: '',
    description: '',
    locationName: '',
    address: '',
    startAt: start.format(PICKER_FORMAT),
    endAt: start.add(3, 'hour').format(PICKER_FORMAT),
    signupDeadline: start.subtract(2, 'day').format(PICKER_FORMAT),
    capacity: '100',
    maxPartySize: DEFAULT_MAX_PARTY_SIZE,
    waitlist: true,
    dishRequired: true,
  };
}

function formOf(e: EventView): Form {
  return {
    type: e.type,
    title: e.title,
    description: e.description ?? '',
    locationName: e.location.name,
    address: e.location.address ?? '',
    latitude: e.location.latitude,
    longitude: e.location.longitude,
    startAt: isoToPicker(e.startAt),
    endAt: isoToPicker(e.endAt),
    signupDeadline: isoToPicker(e.signupDeadline),
    capacity: String(e.capacity),
    maxPartySize: e.maxPartySize,
    waitlist: e.waitlist,
    dishRequired: e.dishRequired,
  };
}

/** The form as the create/update input (the fields the shared schema checks). */
function inputOf(f: Form) {
  const location = {
    name: f.locationName,
    ...(f.address.trim() ? { address: f.address } : {}),
    ...(f.latitude !== undefined && f.longitude !== undefined ? { latitude: f.latitude, longitude: f.longitude } : {}),
  };
  return {
    type: f.type,
    title: f.title,
    ...(f.description.trim() ? { description: f.description } : {}),
    location,
    startAt: pickerToIso(f.startAt),
    ...(f.endAt ? { endAt: pickerToIso(f.endAt) } : {}),
    ...(f.signupDeadline ? { signupDeadline: pickerToIso(f.signupDeadline) } : {}),
    capacity: Number(f.capacity),
    maxPartySize: f.maxPartySize,
    waitlist: f.waitlist,
    dishRequired: f.dishRequired,
  };
}

/**
 * 发布/编辑活动: type, title, description, place (typed, or picked on the map), start, end and deadline with a
 * date-time picker, capacity in people, family size limit, waitlist and "每户带一道菜". Editing a published event
 * tells the families when the time or place changes; 取消活动 asks for a reason they are all told.
 */
Component({
  behaviors: [largeFont],
  data: {
    largeFont: false,
    status: 'loading' as Status,
    errorText: '',
    id: '',
    orgId: '',
    orgName: '',
    form: newForm(),
    typeOptions: EVENT_TYPES.map((value) => ({ value, label: EVENT_TYPE_LABELS[value] })),
    typeLabel: EVENT_TYPE_LABELS.banquet,
    typePickerVisible: false,
    timeField: '' as TimeField | '',
    timeValue: '',
    errors: {} as FieldErrors,
    saving: false,
    cancelled: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading' });
      try {
        if (this.data.id) {
          const event = await getEvent(this.data.id);
          this.setData({
            status: 'ready',
            orgId: event.orgId,
            orgName: event.orgName,
            form: formOf(event),
            typeLabel: EVENT_TYPE_LABELS[event.type],
            cancelled: event.status === 'cancelled',
          });
        } else {
          if (!this.data.orgId) {
            this.setData({ status: 'error', errorText: '请从「活动管理」发布活动' });
            return;
          }
          const org = await getOrg(this.data.orgId);
          this.setData({ status: 'ready', orgName: org.name });
        }
      } catch (err) {
        this.setData({ status: 'error', errorText: errorText(err) });
      }
    },

    retry() {
      return this.load();
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
      if (field === 'locationName') this.setData({ 'errors.location.name': '' });
    },

    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field as string}`]: Boolean(e.detail.value) });
    },

    onPartySize(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'form.maxPartySize': Number(e.detail.value) });
    },

    openTypePicker() {
      this.setData({ typePickerVisible: true });
    },

    closeTypePicker() {
      this.setData({ typePickerVisible: false });
    },

    onTypeConfirm(e: WechatMiniprogram.CustomEvent<{ value: EventType[] }>) {
      const type = e.detail.value[0] ?? this.data.form.type;
      this.setData({
        typePickerVisible: false,
        'form.type': type,
        typeLabel: EVENT_TYPE_LABELS[type],
        // A 百家宴 is "each family brings a dish"; other kinds usually are not.
        ...(this.data.id ? {} : { 'form.dishRequired': type === 'banquet' || type === 'street_feast' }),
      });
    },

    openTime(e: WechatMiniprogram.BaseEvent) {
      const field = e.currentTarget.dataset.field as TimeField;
      this.setData({ timeField: field, timeValue: this.data.form[field] || this.data.form.startAt });
    },

    closeTime() {
      this.setData({ timeField: '' });
    },

    onTimeConfirm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = this.data.timeField;
      if (!field) return;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', timeField: '' });
    },

    clearEnd() {
      this.setData({ 'form.endAt': '' });
    },

    /** The place picked on the map (needs the user's consent to location). */
    chooseLocation() {
      wx.chooseLocation({
        success: (res) => {
          this.setData({
            'form.locationName': this.data.form.locationName || res.name,
            'form.address': res.address,
            'form.latitude': res.latitude,
            'form.longitude': res.longitude,
            'errors.location.name': '',
          });
        },
      });
    },

    async save(): Promise<void> {
      if (this.data.saving) return;
      this.setData({ saving: true });
      try {
        await this.send();
      } finally {
        this.setData({ saving: false });
      }
    },

    async send(): Promise<void> {
      const { id, orgId, form } = this.data;
      const fields = inputOf(form);
      const checked = id
        ? validate(eventsSchemas.update, { id, ...fields })
        : validate(eventsSchemas.create, { orgId, ...fields });
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        wx.showToast({ title: '请按提示修改后再保存', icon: 'none' });
        return;
      }
      try {
        if (id) {
          await updateEvent(checked.value as Parameters<typeof updateEvent>[0]);
          wx.showToast({ title: '已保存', icon: 'success' });
          wx.navigateBack({});
        } else {
          const created = await createEvent(checked.value as Parameters<typeof createEvent>[0]);
          wx.showToast({ title: '已发布', icon: 'success' });
          wx.redirectTo({ url: EVENT_URLS.detail(created.id) });
        }
      } catch (err) {
        if (isCloudError(err, 'INVALID_ARGUMENT') && err.fields) this.setData({ errors: err.fields });
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },

    /** Cancels the event with a reason every family signed up or waiting is told. */
    async cancelEvent(): Promise<void> {
      const res = await wx.showModal({
        title: '取消活动',
        content: '',
        editable: true,
        placeholderText: '请填写取消原因，将通知所有报名的家庭',
        confirmText: '取消活动',
        cancelText: '返回',
      });
      if (!res.confirm) return;
      const reason = (res.content ?? '').trim();
      if (!reason) {
        wx.showToast({ title: '请填写取消原因', icon: 'none' });
        return;
      }
      try {
        await cancelEvent(this.data.id, reason);
        wx.showToast({ title: '活动已取消', icon: 'success' });
        this.setData({ cancelled: true });
      } catch (err) {
        wx.showToast({ title: errorText(err), icon: 'none' });
      }
    },
  },
});
