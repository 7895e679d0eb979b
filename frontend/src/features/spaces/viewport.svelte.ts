// The sidebar's scrolling area, which each space's tree reads to draw only
// the rows in view (and a margin) of however many it has.
export const viewport = $state<{ el: HTMLElement | null; scrollTop: number; height: number }>({ el: null, scrollTop: 0, height: 0 });

/** ROW is the height of a tree row in pixels; rows are placed by it. */
export const ROW = 28;
/** MARGIN is how many rows beyond the view on each side stay drawn. */
export const MARGIN = 20;

/** track follows an element's scrolling and size into viewport; it returns the cleanup. */
export function track(el: HTMLElement): () => void {
  viewport.el = el;
  const update = () => {
    viewport.scrollTop = el.scrollTop;
    viewport.height = el.clientHeight;
  };
  update();
  el.addEventListener('scroll', update, { passive: true });
  const ro = new ResizeObserver(update);
  ro.observe(el);
  return () => {
    el.removeEventListener('scroll', update);
    ro.disconnect();
    if (viewport.el === el) viewport.el = null;
  };
}
