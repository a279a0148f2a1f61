// The Content-Security-Policy forbids inline <style> blocks (style-src 'self'). CodeMirror (via
// style-mod) and xterm.js write their generated CSS into <style> elements' textContent; this shim
// hands them <style> elements whose text goes into a constructed stylesheet adopted by the
// document instead, which the policy allows. The elements themselves stay empty.

let installed = false;

export function installStyleShim(): void {
  if (installed || typeof CSSStyleSheet !== "function" || !("adoptedStyleSheets" in document)) return;
  installed = true;
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const el = create.call(this, tag, options);
    if (tag.toLowerCase() === "style" && this === document) adopt(el as HTMLStyleElement);
    return el;
  } as typeof Document.prototype.createElement;
}

function adopt(el: HTMLStyleElement): void {
  const sheet = new CSSStyleSheet();
  let text = "";
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  Object.defineProperty(el, "textContent", {
    configurable: true,
    get: () => text,
    set: (value: string | null) => {
      text = value ?? "";
      sheet.replaceSync(text);
    },
  });
  // The element's `sheet` is what xterm reads rules back from, if at all.
  Object.defineProperty(el, "sheet", { configurable: true, get: () => sheet });
}
