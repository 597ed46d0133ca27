/**
 * Wide processes shrink to a strip when fitted into a fixed box: the
 * container takes the diagram's own proportions (within limits) first, so
 * the fitted diagram fills it.
 */
interface Canvas {
  viewbox(): { inner: { width: number; height: number } };
  resized(): void;
  zoom(level: string): void;
}

const MIN_HEIGHT = 220;
const MAX_HEIGHT = 560;
const MARGIN = 40;

export function fitDiagram(canvas: Canvas, container: HTMLElement): void {
  const { width, height } = canvas.viewbox().inner;
  if (width > 0) {
    const wanted = (container.clientWidth * height) / width + MARGIN;
    container.style.height = `${Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, wanted)))}px`;
    canvas.resized();
  }
  canvas.zoom('fit-viewport');
}
