import { Box, type Editor } from 'tldraw';

/**
 * What floats over the canvas: tldraw's menu, toolbar and navigation, and the app's own panels
 * (marked `data-board-overlay`). The board opens fitted into the part of the screen none of
 * them covers.
 */
const OVERLAY_SELECTOR = '[data-board-overlay], .tlui-menu-zone, .tlui-main-toolbar, .tlui-navigation-panel, .tlui-style-panel__wrapper';
/** Space kept between the board's content and the edge of the free part of the screen, in screen px. */
const MARGIN_PX = 16;
/** A nearly empty board is not blown up past its real size. */
const MAX_OPENING_ZOOM = 1;

/** A rectangle on screen, in CSS pixels. */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const area = (r: ScreenRect) => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);

/**
 * The largest part of `screen` left free by cutting away, for each overlay that covers some of
 * it, the side of the screen the overlay stands on (whichever cut keeps the most room).
 */
export function freeScreenRect(screen: ScreenRect, overlays: ScreenRect[]): ScreenRect {
  let free = { ...screen };
  for (const o of overlays) {
    const overlapping = o.left < free.right && o.right > free.left && o.top < free.bottom && o.bottom > free.top;
    if (!overlapping || area(o) === 0) continue;
    const cuts: ScreenRect[] = [
      { ...free, left: Math.max(free.left, o.right) },
      { ...free, right: Math.min(free.right, o.left) },
      { ...free, top: Math.max(free.top, o.bottom) },
      { ...free, bottom: Math.min(free.bottom, o.top) },
    ];
    free = cuts.reduce((best, cut) => (area(cut) > area(best) ? cut : best));
  }
  return free;
}

/** The camera that shows `content` (page coordinates) whole and centred in `free` (screen), within the zoom limits. */
export function cameraToFit(content: Box, free: ScreenRect, viewport: { x: number; y: number }, zoomLimits: { min: number; max: number }) {
  const width = Math.max(1, free.right - free.left - 2 * MARGIN_PX);
  const height = Math.max(1, free.bottom - free.top - 2 * MARGIN_PX);
  const fit = Math.min(width / Math.max(1, content.w), height / Math.max(1, content.h));
  const z = Math.min(Math.max(fit, zoomLimits.min), zoomLimits.max);
  // screen = (page + camera) * z + viewport's top-left
  return {
    x: (free.left + MARGIN_PX - viewport.x + (width - content.w * z) / 2) / z - content.x,
    y: (free.top + MARGIN_PX - viewport.y + (height - content.h * z) / 2) / z - content.y,
    z,
  };
}

function overlayRects(): ScreenRect[] {
  return [...document.querySelectorAll(OVERLAY_SELECTOR)].map((el) => el.getBoundingClientRect());
}

/**
 * Opens the board fitted to its content, in the part of the screen no floating panel covers, for
 * every role and screen size (it opened on the page origin at 100 %: the top areas' names were
 * above the screen and the panels covered a prompt). Panels appear after the canvas does (the
 * facilitator's arrives with the events stream) and the window can change size, so the view is
 * fitted again until the person does anything (points, scrolls, types) or the view moves by
 * itself (following someone): from then on it is theirs. Returns a function that stops watching.
 */
export function openFittedToContent(editor: Editor): () => void {
  let placed: { x: number; y: number; z: number } | null = null;
  /** The content the view was last fitted to. */
  let fitted: Box | null = null;
  let frame = 0;
  const untouched = () => {
    if (!placed) return true;
    const camera = editor.getCamera();
    return Math.abs(camera.x - placed.x) < 0.5 && Math.abs(camera.y - placed.y) < 0.5 && Math.abs(camera.z - placed.z) < 1e-3;
  };
  const place = () => {
    frame = 0;
    if (!untouched()) return stop();
    const content = editor.getCurrentPageBounds();
    if (!content) return;
    fitted = content;
    const viewport = editor.getViewportScreenBounds();
    const screen = { left: viewport.x, top: viewport.y, right: viewport.maxX, bottom: viewport.maxY };
    const { zoomSteps } = editor.getCameraOptions();
    const camera = cameraToFit(content, freeScreenRect(screen, overlayRects()), viewport, {
      min: zoomSteps[0] ?? 0.05,
      max: MAX_OPENING_ZOOM,
    });
    if (placed && Math.abs(camera.x - placed.x) < 0.5 && Math.abs(camera.y - placed.y) < 0.5 && Math.abs(camera.z - placed.z) < 1e-3) return;
    editor.setCamera(camera);
    placed = editor.getCamera();
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(place);
  };
  // Panels appearing, opening (<details>) or closing. Not the canvas's own shapes: those change
  // with every edit (a partner's included), and fitting reads the bounds of the whole board and
  // the panels' layout each time.
  const observer = new MutationObserver((mutations) => {
    if (mutations.some((m) => !(m.target instanceof Element ? m.target : m.target.parentElement)?.closest('.tl-canvas'))) schedule();
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
  window.addEventListener('resize', schedule);
  // Content arriving from the server outside what the view shows (the server's newer version of
  // this device's copy): each changed shape's own bounds are checked, not the whole board's.
  const stopFollowingContent = editor.store.listen(
    ({ changes }) => {
      const shapes = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, to]) => to)].filter((r) => r.typeName === 'shape');
      if (shapes.some((shape) => !fitted || !Box.Contains(fitted, editor.getShapePageBounds(shape.id) ?? fitted))) schedule();
    },
    { source: 'remote', scope: 'document' },
  );
  const INPUTS = ['pointerdown', 'wheel', 'keydown'] as const;
  for (const input of INPUTS) window.addEventListener(input, stop, { capture: true, passive: true });
  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    stopFollowingContent();
    window.removeEventListener('resize', schedule);
    for (const input of INPUTS) window.removeEventListener(input, stop, { capture: true });
    if (frame) cancelAnimationFrame(frame);
  }
  place();
  return stop;
}
