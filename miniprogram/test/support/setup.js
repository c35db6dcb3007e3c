/**
 * Globals of the mini program for page tests (runs in the jsdom sandbox before each test file): `wx` from
 * miniprogram-simulate with a real `wx.request` (Node's http, so `callCloud` reaches the local cloud), in-memory
 * storage, recorded navigation and device calls; `App`/`getApp` holding this project's real `app.ts`.
 */
/* global jest, beforeEach, setTimeout, URL, Buffer */
const http = require('http');

const storage = new Map();
const ok = (name, extra) => ({ errMsg: `${name}:ok`, ...extra });

/** Calls a wx-style callback set: success/fail, then complete; resolves like the promise form of the API. */
function settle(opts, name, error, res) {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      if (error) {
        const err = { errMsg: `${name}:fail ${error}` };
        if (opts && opts.fail) opts.fail(err);
        if (opts && opts.complete) opts.complete(err);
        if (!opts || (!opts.fail && !opts.complete && !opts.success)) reject(err);
        else resolve(err);
      } else {
        const r = ok(name, res);
        if (opts && opts.success) opts.success(r);
        if (opts && opts.complete) opts.complete(r);
        resolve(r);
      }
    }, 0);
  });
}

/** wx.request over Node's http: JSON in, JSON out, honoring header, method, data, timeout and the callbacks. */
function request(opts) {
  const url = new URL(opts.url);
  const method = (opts.method || 'GET').toUpperCase();
  const headers = { ...(opts.header || {}) };
  let body;
  if (opts.data !== undefined && method !== 'GET') {
    // An ArrayBuffer (a file read with getFileSystemManager) is sent as raw bytes, as WeChat does.
    if (Object.prototype.toString.call(opts.data) === '[object ArrayBuffer]') body = Buffer.from(opts.data);
    else body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const req = http.request(
    { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data = text;
        if ((opts.dataType || 'json') === 'json') {
          try {
            data = JSON.parse(text);
          } catch {
            // a non-JSON body stays a string, as in WeChat
          }
        }
        const r = { errMsg: 'request:ok', statusCode: res.statusCode, header: res.headers, data, cookies: [] };
        if (opts.success) opts.success(r);
        if (opts.complete) opts.complete(r);
      });
    },
  );
  req.setTimeout(opts.timeout || 60000, () => req.destroy(new Error('timeout')));
  req.on('error', (e) => {
    const r = { errMsg: `request:fail ${e.message}`, errno: 600001 };
    if (opts.fail) opts.fail(r);
    if (opts.complete) opts.complete(r);
  });
  if (body !== undefined) req.write(body);
  req.end();
  return { abort: () => req.destroy(new Error('abort')) };
}

const privacy = { handler: null };

/**
 * `wx.cloud` as CloudBase answers it, bridged to this file's local cloud: the caller is `cloudIdentity.openid` (in
 * production WeChat supplies it), a function that threw rejects with errCode -504002.
 */
const cloudIdentity = { openid: 'demo-resident' };
const cloud = {
  init: jest.fn(),
  callFunction: jest.fn(
    (opts) =>
      new Promise((resolve, reject) => {
        const done = (err, res) => {
          if (err) {
            if (opts.fail) opts.fail(err);
            if (opts.complete) opts.complete(err);
            reject(err);
          } else {
            if (opts.success) opts.success(res);
            if (opts.complete) opts.complete(res);
            resolve(res);
          }
        };
        request({
          url: `${global.__LOCAL_CLOUD_URL__}/fn/${opts.name}`,
          method: 'POST',
          data: opts.data || {},
          header: { 'X-WX-OPENID': cloudIdentity.openid },
          success: (res) => {
            if (res.statusCode === 200) done(null, { errMsg: 'cloud.callFunction:ok', result: res.data });
            else done({ errCode: -504002, errMsg: `cloud.callFunction:fail -504002 functions execute fail` });
          },
          fail: (res) => done({ errCode: -1, errMsg: `cloud.callFunction:fail ${res.errMsg}` }),
        });
      }),
  ),
};

const wxOverrides = {
  request,
  cloud,
  getStorageSync: (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : ''),
  setStorageSync: (key, value) => void storage.set(key, JSON.stringify(value)),
  removeStorageSync: (key) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
  getAppBaseInfo: () => ({ SDKVersion: '2.19.1', version: '8.0.5', language: 'zh_CN', theme: 'light' }),
  makePhoneCall: jest.fn((opts) => settle(opts, 'makePhoneCall')),
  scanCode: jest.fn((opts) => settle(opts, 'scanCode', 'cancel')),
  switchTab: jest.fn((opts) => settle(opts, 'switchTab')),
  navigateTo: jest.fn((opts) => settle(opts, 'navigateTo')),
  redirectTo: jest.fn((opts) => settle(opts, 'redirectTo')),
  reLaunch: jest.fn((opts) => settle(opts, 'reLaunch')),
  navigateBack: jest.fn((opts) => settle(opts, 'navigateBack')),
  showToast: jest.fn((opts) => settle(opts, 'showToast')),
  hideToast: jest.fn((opts) => settle(opts, 'hideToast')),
  showLoading: jest.fn((opts) => settle(opts, 'showLoading')),
  hideLoading: jest.fn((opts) => settle(opts, 'hideLoading')),
  showModal: jest.fn((opts) => settle(opts, 'showModal', null, { confirm: true, cancel: false })),
  stopPullDownRefresh: jest.fn((opts) => settle(opts, 'stopPullDownRefresh')),
  openLocation: jest.fn((opts) => settle(opts, 'openLocation')),
  // Location is refused unless a test allows it (mockImplementationOnce).
  getLocation: jest.fn((opts) => settle(opts, 'getLocation', 'auth deny')),
  previewImage: jest.fn((opts) => settle(opts, 'previewImage')),
  setClipboardData: jest.fn((opts) => settle(opts, 'setClipboardData')),
  openPrivacyContract: jest.fn((opts) => settle(opts, 'openPrivacyContract')),
  onNeedPrivacyAuthorization: jest.fn((handler) => {
    privacy.handler = handler;
  }),
  requirePrivacyAuthorize: jest.fn((opts) => settle(opts, 'requirePrivacyAuthorize')),
  getPrivacySetting: jest.fn((opts) => settle(opts, 'getPrivacySetting', null, { needAuthorization: false })),
};

global.wx = wxOverrides;
// Loading miniprogram-simulate merges its mock API under ours (see its definition.js).
const { simulate } = require('./simulate');

let app;
global.App = (options) => {
  app = options;
};
global.getApp = () => app;
global.getCurrentPages = () => [];
global.__privacy__ = privacy;
global.__cloudIdentity__ = cloudIdentity;
global.__storage__ = storage;

require('../../app');

const wxMocks = Object.values(wxOverrides).filter((f) => typeof f === 'function' && f._isMockFunction);
const defaultImpls = new Map(wxMocks.map((f) => [f, f.getMockImplementation()]));

beforeEach(() => {
  storage.clear();
  privacy.handler = null;
  cloudIdentity.openid = 'demo-resident';
  cloud.init.mockClear();
  cloud.callFunction.mockClear();
  if (app) app.globalData = {};
  for (const f of wxMocks) {
    f.mockClear();
    f.mockImplementation(defaultImpls.get(f));
  }
});

module.exports = { simulate };
