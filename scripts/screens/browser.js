/**
 * Runs inside the screenshot page (Chromium), over the tree miniprogram-simulate rendered, to draw what WeChat's
 * renderer draws and the serialized tree does not: TDesign components without their host element (virtualHost,
 * base library ≥ 2.19.2), images by their `mode`, inputs showing their value or placeholder, scroll views,
 * `<text decode>`.
 * Reads `window.__SCREENS__ = { tdesignTags: string[] }`; sets `window.__SCREENS_READY__` when done.
 */
/* global window, document, Image */
(function () {
  const config = window.__SCREENS__;

  /** The component prefix of an element: its classes are `<prefix>--<class>`. */
  function prefixOf(el) {
    const scoped = Array.from(el.classList).find((c) => c.includes('--'));
    return scoped ? scoped.slice(0, scoped.indexOf('--')) : '';
  }

  /** A TDesign host's classes and style move to the component's first element, then the host goes. */
  function unwrapVirtualHosts() {
    const selector = config.tdesignTags.join(',');
    if (!selector) return;
    for (const host of Array.from(document.querySelectorAll(selector))) {
      const root = host.firstElementChild;
      if (root) {
        root.classList.add(...host.classList);
        const style = host.getAttribute('style');
        if (style) root.setAttribute('style', `${root.getAttribute('style') || ''};${style}`);
      }
      host.replaceWith(...Array.from(host.childNodes));
    }
  }

  const IMAGE_MODES = {
    scaleToFill: ['100% 100%', '0% 0%'],
    aspectFit: ['contain', 'center center'],
    aspectFill: ['cover', 'center center'],
    widthFix: ['100% 100%', '0% 0%'],
    heightFix: ['100% 100%', '0% 0%'],
    top: ['auto', 'top center'],
    bottom: ['auto', 'bottom center'],
    center: ['auto', 'center center'],
    left: ['auto', 'center left'],
    right: ['auto', 'center right'],
  };

  function loadImage(src) {
    return new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = () => resolve(null);
      img.src = src;
    });
  }

  /** `<image>` is a box with the picture as its background, sized by `mode` (widthFix: height from the picture). */
  async function renderImages() {
    for (const el of Array.from(document.querySelectorAll('wx-image[src]'))) {
      const src = el.getAttribute('src');
      const mode = el.getAttribute('mode') || 'scaleToFill';
      const [size, position] = IMAGE_MODES[mode] || IMAGE_MODES.scaleToFill;
      const picture = document.createElement('div');
      picture.className = 'screen-image';
      picture.style.backgroundImage = `url("${src}")`;
      picture.style.backgroundSize = size;
      picture.style.backgroundPosition = position;
      el.appendChild(picture);
      if (mode === 'widthFix' || mode === 'heightFix') {
        const img = await loadImage(src);
        if (!img || !img.naturalWidth) continue;
        const box = el.getBoundingClientRect();
        if (mode === 'widthFix') el.style.height = `${(box.width * img.naturalHeight) / img.naturalWidth}px`;
        else el.style.width = `${(box.height * img.naturalWidth) / img.naturalHeight}px`;
      }
    }
  }

  /** `<input>`/`<textarea>` show their value, or their placeholder styled by `placeholder-class`/`-style`. */
  function renderInputs() {
    for (const el of Array.from(document.querySelectorAll('wx-input, wx-textarea'))) {
      const value = el.getAttribute('value') || '';
      const text = document.createElement('div');
      if (value) {
        text.className = 'screen-input__value';
        text.textContent = el.hasAttribute('password') ? '•'.repeat(value.length) : value;
      } else {
        const prefix = prefixOf(el);
        const classes = (el.getAttribute('placeholder-class') || '').split(/\s+/).filter(Boolean);
        text.className = ['screen-input__placeholder', ...classes.map((c) => (prefix ? `${prefix}--${c}` : c))].join(
          ' ',
        );
        text.setAttribute('style', el.getAttribute('placeholder-style') || '');
        text.textContent = el.getAttribute('placeholder') || '';
      }
      el.appendChild(text);
    }
  }

  function renderScrollViews() {
    for (const el of Array.from(document.querySelectorAll('wx-scroll-view'))) {
      if (el.hasAttribute('scroll-x')) el.style.overflowX = 'auto';
      if (el.hasAttribute('scroll-y')) el.style.overflowY = 'auto';
    }
  }

  const ENTITIES = { nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', lt: '<', gt: '>', amp: '&', apos: "'" };

  /** `<text decode>` shows `&nbsp;` and its kin as the characters they name. */
  function decodeTexts() {
    for (const el of Array.from(document.querySelectorAll('wx-text[decode]'))) {
      for (const node of Array.from(el.childNodes)) {
        if (node.nodeType !== 3) continue;
        node.textContent = node.textContent.replace(/&(nbsp|ensp|emsp|lt|gt|amp|apos);/g, (_m, name) => ENTITIES[name]);
      }
    }
  }

  async function run() {
    decodeTexts();
    unwrapVirtualHosts();
    renderInputs();
    renderScrollViews();
    await renderImages();
    await document.fonts.ready;
  }

  run().then(
    () => (window.__SCREENS_READY__ = true),
    (err) => (window.__SCREENS_READY__ = `failed: ${err && err.message}`),
  );
})();
