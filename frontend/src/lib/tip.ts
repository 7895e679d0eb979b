// Our own tooltips, in place of the native title attribute: WebKitGTK keeps a
// native tooltip painted after its button is gone. One element serves the whole
// window; `use:tip={text}` puts any element in charge of it while hovered or
// focused. It shows after a short delay on hover and at once on keyboard focus,
// and hides on leave, blur, click, Escape, scroll and when its element leaves
// the DOM, so it can never outlive what it describes.

/** The id of the one tooltip element, which a described element's aria-describedby names. */
export const tipId = 'lh-tip';

/** hoverDelay is how long the pointer rests on an element before its tip shows, in ms. */
export const hoverDelay = 450;

const gap = 6;
const margin = 6;

let el: HTMLDivElement | null = null;
let owner: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
/** waiting is the element whose tip the timer will show. */
let waiting: HTMLElement | null = null;
let watcher: MutationObserver | null = null;

function element(): HTMLDivElement {
  if (el?.isConnected) return el;
  el = document.createElement('div');
  el.id = tipId;
  el.className = 'lh-tip';
  el.setAttribute('role', 'tooltip');
  el.hidden = true;
  document.body.appendChild(el);
  return el;
}

/** place puts the tip under its element, or above it where the window ends, and always inside the window. */
export function place(anchor: DOMRect, tip: { width: number; height: number }, view: { width: number; height: number }): { x: number; y: number; above: boolean } {
  let x = anchor.left + anchor.width / 2 - tip.width / 2;
  x = Math.max(margin, Math.min(x, view.width - tip.width - margin));
  const below = anchor.bottom + gap;
  const above = below + tip.height > view.height - margin && anchor.top - gap - tip.height >= margin;
  const y = above ? anchor.top - gap - tip.height : Math.max(margin, Math.min(below, view.height - tip.height - margin));
  return { x, y, above };
}

function show(node: HTMLElement, text: string) {
  clearTimeout(timer);
  waiting = null;
  if (!node.isConnected || !text) return;
  const t = element();
  if (owner && owner !== node) release(owner);
  owner = node;
  t.textContent = text;
  t.hidden = false;
  const spot = place(node.getBoundingClientRect(), t.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight });
  t.style.left = `${spot.x}px`;
  t.style.top = `${spot.y}px`;
  t.dataset.side = spot.above ? 'above' : 'below';
  // Described by the tip, unless the tip only repeats its name or it is described already (an error line).
  if (node.getAttribute('aria-label') !== text && !node.hasAttribute('aria-describedby')) node.setAttribute('aria-describedby', tipId);
  // Gone from the DOM however it went (a screen changed, a list re-rendered): the tip goes too.
  watcher ??= new MutationObserver(() => {
    if (owner && !owner.isConnected) hide();
  });
  watcher.observe(document.body, { childList: true, subtree: true });
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('scroll', onScroll, true);
  window.addEventListener('blur', hideNow);
}

function release(node: HTMLElement) {
  if (node.getAttribute('aria-describedby') === tipId) node.removeAttribute('aria-describedby');
}

/** hide takes the tip down, and cancels one waiting to show. */
export function hide() {
  clearTimeout(timer);
  if (owner) release(owner);
  owner = null;
  if (el) el.hidden = true;
  watcher?.disconnect();
  window.removeEventListener('keydown', onKey, true);
  window.removeEventListener('scroll', onScroll, true);
  window.removeEventListener('blur', hideNow);
}

const hideNow = () => hide();

// A scroll takes the tip down when it moved the tip's element: the page,
// or a container holding it. Another pane scrolling (the sidebar following
// the focus that just left it) leaves it up.
const onScroll = (e: Event) => {
  if (owner && (!(e.target instanceof Node) || e.target === document || e.target.contains(owner))) hide();
};

function onKey(e: KeyboardEvent) {
  // Escape dismisses the tip and still does what it does there (close a dialog).
  if (e.key === 'Escape') hide();
}

function keyboardFocus(node: Element): boolean {
  try {
    return node.matches(':focus-visible');
  } catch {
    return true;
  }
}

/** tipOf is the element in charge of a tip at an event's target, and its text. */
function tipOf(target: EventTarget | null): HTMLElement | null {
  const t = target instanceof Element ? target.closest<HTMLElement>('[data-tip]') : null;
  return t?.dataset.tip ? t : null;
}

function over(e: PointerEvent) {
  const node = tipOf(e.target);
  if (!node || owner === node || waiting === node) return;
  clearTimeout(timer);
  waiting = node;
  timer = setTimeout(() => show(node, node.dataset.tip ?? ''), owner ? 0 : hoverDelay);
}

function out(e: PointerEvent) {
  const node = tipOf(e.target);
  if (!node || (e.relatedTarget instanceof Node && node.contains(e.relatedTarget))) return;
  if (waiting === node) {
    clearTimeout(timer);
    waiting = null;
  }
  if (owner === node && node !== document.activeElement) hide();
}

function focusIn(e: FocusEvent) {
  const node = tipOf(e.target);
  if (node && node === e.target && keyboardFocus(node)) show(node, node.dataset.tip ?? '');
}

function focusOut(e: FocusEvent) {
  if (owner && owner === e.target) hide();
}

function press(e: PointerEvent) {
  if (owner && e.target instanceof Node && owner.contains(e.target)) hide();
  clearTimeout(timer);
  waiting = null;
}

let started = false;

/**
 * startTips listens, once for the whole window, for any element with a
 * data-tip attribute: those that `use:tip` sets, and those that code outside
 * Svelte (editor widgets, rendered Markdown) sets itself.
 */
export function startTips() {
  if (started || typeof document === 'undefined') return;
  started = true;
  document.addEventListener('pointerover', over);
  document.addEventListener('pointerout', out);
  document.addEventListener('focusin', focusIn);
  document.addEventListener('focusout', focusOut);
  document.addEventListener('pointerdown', press, true);
}

/**
 * tip is a Svelte action: `<button use:tip={'Sync now'}>`. An element with
 * no accessible name of its own (an icon button) gets the text as its
 * aria-label; any other is described by the tip while it shows.
 */
export function tip(node: HTMLElement, text: string | null | undefined) {
  startTips();
  let named = false;
  function set(next: string | null | undefined) {
    const current = next ?? '';
    if (current) node.dataset.tip = current;
    else delete node.dataset.tip;
    if ((named || !node.hasAttribute('aria-label')) && !(node.textContent ?? '').trim() && current) {
      node.setAttribute('aria-label', current);
      named = true;
    }
    if (owner === node) {
      if (current) show(node, current);
      else hide();
    }
  }
  set(text);
  return {
    update: set,
    destroy() {
      if (owner === node) hide();
      else if (waiting === node) {
        clearTimeout(timer);
        waiting = null;
      }
    },
  };
}
