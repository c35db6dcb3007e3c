import { largeFont, syncLargeFont } from '../../behaviors/large-font';
import { loadable } from '../../behaviors/loadable';
import { createStation, getStations, manageOrg, updateStation } from '../../services/orgs';
import type { StationView } from '../../shared/api';
import { REQUEST_CATEGORIES, type RequestCategory } from '../../shared/categories';
import { STATION_TYPE_LABELS, STATION_TYPES, type StationType } from '../../shared/orgs';
import { orgsSchemas } from '../../shared/schemas/orgs';
import { formErrors, toastDone, whileBusy } from '../../utils/feedback';
import { dataOf, goBack } from '../../utils/navigate';
import { invalid, validated, type FieldErrors } from '../../utils/validate';

interface Form {
  type: StationType;
  name: string;
  address: string;
  latitude?: number;
  longitude?: number;
  hours: string;
  services: RequestCategory[];
  phone: string;
  greenChannel: boolean;
}

const newForm = (): Form => ({
  type: 'service_hall',
  name: '',
  address: '',
  hours: '',
  services: [],
  phone: '',
  greenChannel: true,
});

const formOf = (s: StationView): Form => ({
  type: s.type,
  name: s.name,
  address: s.address,
  latitude: s.latitude,
  longitude: s.longitude,
  hours: s.hours,
  services: s.services as RequestCategory[],
  phone: s.phone,
  greenChannel: s.greenChannel,
});

/** "25.0012, 102.7400": where the map put the station. */
const placeText = (f: Form) =>
  f.latitude === undefined || f.longitude === undefined ? '' : `${f.latitude.toFixed(4)}, ${f.longitude.toFixed(4)}`;

/** Station `id` among the stations of `orgId`'s subtree (tens of them: a few pages at most). */
async function findStation(orgId: string, id: string): Promise<StationView | undefined> {
  let cursor: string | undefined;
  do {
    const page = await getStations({ orgId, limit: 50, ...(cursor ? { cursor } : {}) });
    const found = page.items.find((s) => s.id === id);
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/**
 * 服务站点 (new or `?id=` to edit) of a community: type (一家亲工作站, 融荣与共实践中心, 政务服务大厅 with its
 * 少数民族同胞办事绿色通道…), name, the place picked on the map (`wx.chooseLocation`: residents get distance and
 * 导航 from it), address, hours, services, phone. Checked with the shared `createStation`/`updateStation` schemas.
 */
Component({
  behaviors: [largeFont, loadable],
  data: {
    id: '',
    orgId: '',
    orgName: '',
    form: newForm(),
    place: '',
    typeLabel: STATION_TYPE_LABELS.service_hall,
    typeOptions: STATION_TYPES.map((value) => ({ value, label: STATION_TYPE_LABELS[value] })),
    typePickerVisible: false,
    serviceOptions: REQUEST_CATEGORIES.map(({ value, label }) => ({ value, label })),
    canSave: false,
    errors: {} as FieldErrors,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', orgId: query.orgId ?? '' });
      return this.load();
    },

    onShow() {
      syncLargeFont(this);
    },

    async fetch() {
      const { id, orgId } = this.data;
      const [{ org, can }, station] = await Promise.all([
        manageOrg(orgId),
        id ? findStation(orgId, id) : Promise.resolve(undefined),
      ]);
      if (id && !station) return { status: 'notfound' };
      const form = station ? formOf(station) : newForm();
      return {
        orgName: org?.name ?? '',
        canSave: id ? can.updateStation : can.createStation,
        form,
        place: placeText(form),
        typeLabel: STATION_TYPE_LABELS[form.type],
      };
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(dataOf(e).field);
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
    },

    onServices(e: WechatMiniprogram.CustomEvent<{ value: RequestCategory[] }>) {
      this.setData({ 'form.services': e.detail.value, 'errors.services': '' });
    },

    onGreenChannel(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.greenChannel': e.detail.value });
    },

    openTypePicker() {
      this.setData({ typePickerVisible: true });
    },

    closeTypePicker() {
      this.setData({ typePickerVisible: false });
    },

    onTypeConfirm(e: WechatMiniprogram.CustomEvent<{ value: StationType[] }>) {
      const type = e.detail.value[0];
      this.setData({ 'form.type': type, typeLabel: STATION_TYPE_LABELS[type], typePickerVisible: false });
    },

    /** The place on the map (WeChat asks for location consent); its address fills an empty address field. */
    chooseLocation() {
      const { form } = this.data;
      wx.chooseLocation({
        ...(form.latitude !== undefined && form.longitude !== undefined
          ? { latitude: form.latitude, longitude: form.longitude }
          : {}),
        success: (res) => {
          const next = { ...this.data.form, latitude: res.latitude, longitude: res.longitude };
          if (!next.address.trim()) next.address = res.address || res.name;
          if (!next.name.trim() && res.name) next.name = res.name;
          this.setData({ form: next, place: placeText(next), 'errors.latitude': '', 'errors.address': '' });
        },
      });
    },

    goBack() {
      goBack();
    },

    save() {
      return whileBusy(this, 'saving', () => this.send());
    },

    async send(): Promise<void> {
      const { id, orgId, form } = this.data;
      try {
        if (form.latitude === undefined || form.longitude === undefined)
          throw invalid('latitude', '请在地图上选择位置');
        const fields = { ...form, latitude: form.latitude, longitude: form.longitude };
        if (id) await updateStation(validated(orgsSchemas.updateStation, { id, ...fields }));
        else await createStation(validated(orgsSchemas.createStation, { orgId, ...fields }));
        this.setData({ errors: {} });
        toastDone(id ? '已保存' : '已新增');
        goBack();
      } catch (err) {
        this.setData({ errors: formErrors(err) ?? {} });
      }
    },
  },
});
