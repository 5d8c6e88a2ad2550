// Lab 2's 3-D surface with the racers' paths, in three.js: loaded only when the view is opened.
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { RaceRun } from "../../../src/index.js";
import { DEFAULT_THEME } from "../../../src/viz/theme.js";
import { h } from "../ui.js";

interface Grid {
  z: number[];
  window: number[][];
}

/** Height drawn: log(1 + f − min f), scaled to [0, 1], so steep and flat functions both read. */
function heightOf(zmin: number, zmax: number): (z: number) => number {
  const top = Math.log1p(Math.max(1e-12, zmax - zmin));
  return (z) => (Number.isFinite(z) ? Math.log1p(Math.max(0, Math.min(z, zmax) - zmin)) / top : 1);
}

export function createSurface(box: HTMLElement, grid: Grid) {
  const n = Math.round(Math.sqrt(grid.z.length));
  const [[x0, x1], [y0, y1]] = grid.window as [[number, number], [number, number]];
  const finite = grid.z.filter(Number.isFinite);
  const zmin = Math.min(...finite);
  const zmax = Math.max(...finite);
  const height = heightOf(zmin, zmax);
  const toScene = (x: number, y: number, z: number): THREE.Vector3 =>
    new THREE.Vector3((x - x0) / (x1 - x0) - 0.5, height(z) * 0.6, -((y - y0) / (y1 - y0) - 0.5));

  const canvasBox = h("div", {
    class: "surface-canvas",
    role: "img",
    "aria-label": "3-D surface of f with the racers' paths; drag to turn it, scroll to zoom.",
  });
  box.append(
    canvasBox,
    h("p", { class: "hint" }, "Height: log(1 + f − min f). Drag to turn, scroll to zoom."),
  );
  let renderer: THREE.WebGLRenderer;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  } catch (error) {
    canvasBox.replaceWith(
      h(
        "p",
        { class: "error" },
        `The 3-D view needs WebGL, which this browser does not offer (${String(error)}). The contours show the same paths.`,
      ),
    );
    return { update() {}, destroy() {} };
  }
  const size = Math.max(260, Math.min(560, box.clientWidth || 400));
  renderer.setSize(size, size * 0.8);
  renderer.setPixelRatio(Math.min(2, devicePixelRatio));
  canvasBox.append(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(DEFAULT_THEME.background);
  const camera = new THREE.PerspectiveCamera(40, 1.25, 0.01, 20);
  camera.position.set(1.1, 1.1, 1.3);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.target.set(0, 0.2, 0);
  controls.update();

  const geometry = new THREE.PlaneGeometry(1, 1, n - 1, n - 1);
  geometry.rotateX(-Math.PI / 2);
  const colours: number[] = [];
  const pos = geometry.attributes.position!;
  for (let k = 0; k < pos.count; k++) {
    const i = k % n;
    const j = n - 1 - Math.floor(k / n);
    const t = height(grid.z[j * n + i]!);
    pos.setY(k, t * 0.6);
    const c = new THREE.Color(DEFAULT_THEME.sequential(t));
    colours.push(c.r, c.g, c.b);
  }
  geometry.setAttribute("color", new THREE.Float32BufferAttribute(colours, 3));
  geometry.computeVertexNormals();
  scene.add(
    new THREE.Mesh(
      geometry,
      new THREE.MeshBasicMaterial({
        vertexColors: true,
        side: THREE.DoubleSide,
        transparent: true,
        opacity: 0.85,
      }),
    ),
  );
  scene.add(
    new THREE.LineSegments(
      new THREE.WireframeGeometry(geometry),
      new THREE.LineBasicMaterial({ color: 0x000000, transparent: true, opacity: 0.06 }),
    ),
  );

  let paths: THREE.Object3D[] = [];
  const render = (): void => renderer.render(scene, camera);
  controls.addEventListener("change", render);

  return {
    update(runs: RaceRun[], step: number): void {
      for (const p of paths) scene.remove(p);
      paths = runs.map((run, r) => {
        const pts = run.result.trajectory
          .slice(0, step + 1)
          .map((p) => toScene(p.x[0]!, p.x[1]!, p.value));
        const colour = DEFAULT_THEME.palette[r % DEFAULT_THEME.palette.length]!;
        const group = new THREE.Group();
        group.add(
          new THREE.Line(
            new THREE.BufferGeometry().setFromPoints(pts),
            new THREE.LineBasicMaterial({ color: colour }),
          ),
        );
        const ball = new THREE.Mesh(
          new THREE.SphereGeometry(0.015),
          new THREE.MeshBasicMaterial({ color: colour }),
        );
        ball.position.copy(pts[pts.length - 1] ?? new THREE.Vector3());
        group.add(ball);
        return group;
      });
      for (const p of paths) scene.add(p);
      render();
    },
    destroy(): void {
      controls.dispose();
      renderer.dispose();
      box.replaceChildren();
    },
  };
}
