// The page: a nav of labs, the lab named by the URL hash, the worker, shortcuts and the share tools.
import { wrap, type Remote } from "comlink";
import { LABS, type LabContext, type MountedLab } from "./lab.js";
import { hashOf, parseHash } from "./state.js";
import { download, h } from "./ui.js";
import type { WorkerApi } from "./worker.js";

const worker: Remote<WorkerApi> = wrap(
  new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "descent" }),
);
const main = document.getElementById("lab")!;
const announcer = document.getElementById("announce")!;
const nav = document.getElementById("labs")!;
let mounted: MountedLab | null = null;
let mountedId = "";
let ignoreHash = "";

for (const lab of LABS) {
  nav.append(
    h("li", {}, h("a", { href: `#/${lab.id}`, "data-lab": lab.id, title: lab.summary }, lab.title)),
  );
}

/** A test or a script can wait for `window.playground.idle()` and read the run as JSON. */
const state = { busy: 0, waiters: [] as (() => void)[] };
const playground = {
  idle: (): Promise<void> =>
    state.busy === 0 ? Promise.resolve() : new Promise((resolve) => state.waiters.push(resolve)),
  json: (): Promise<unknown> => mounted?.json() ?? Promise.resolve(null),
  isolated: globalThis.crossOriginIsolated === true,
};
(globalThis as unknown as { playground: typeof playground }).playground = playground;

function busy(on: boolean): void {
  state.busy = Math.max(0, state.busy + (on ? 1 : -1));
  document.body.dataset.busy = state.busy > 0 ? "1" : "0";
  if (state.busy === 0) for (const resolve of state.waiters.splice(0)) resolve();
}

async function route(): Promise<void> {
  if (location.hash === ignoreHash && mounted) return;
  const { lab: wanted, query } = parseHash(location.hash);
  const entry = LABS.find((l) => l.id === wanted) ?? LABS[0]!;
  nav.querySelectorAll("a").forEach((a) => {
    if (a.dataset.lab === entry.id) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  mounted?.destroy();
  mounted = null;
  mountedId = entry.id;
  main.replaceChildren(h("p", { class: "loading" }, `Loading ${entry.title}…`));
  busy(true);
  try {
    const module = await entry.load();
    if (mountedId !== entry.id) return;
    main.replaceChildren();
    document.title = `${entry.title} — descent playground`;
    const ctx: LabContext = {
      worker,
      query,
      save(params) {
        const hash = hashOf(entry.id, params);
        ignoreHash = hash;
        history.replaceState(null, "", hash);
      },
      announce(text) {
        announcer.textContent = text;
      },
      busy,
    };
    mounted = module.mount(main, ctx);
  } catch (error) {
    main.replaceChildren(
      h("p", { class: "error", role: "alert" }, `This lab could not load: ${String(error)}`),
    );
  } finally {
    busy(false);
  }
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLButtonElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio"].includes(target.type);
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  if (event.target instanceof HTMLElement && event.target.closest("[data-keys=own]")) return;
  const transport = mounted?.transport;
  const help = document.getElementById("help") as HTMLDialogElement;
  if (event.key === "?") help.showModal();
  else if (LABS.some((l) => l.key === event.key))
    location.hash = `#/${LABS.find((l) => l.key === event.key)!.id}`;
  else if (!transport) return;
  else if (event.key === " ") transport.toggle();
  else if (event.key === "ArrowRight") void transport.stepBy(1);
  else if (event.key === "ArrowLeft") void transport.stepBy(-1);
  else if (event.key === "r" || event.key === "R") transport.reset();
  else return;
  event.preventDefault();
});

document
  .getElementById("help-button")!
  .addEventListener("click", () =>
    (document.getElementById("help") as HTMLDialogElement).showModal(),
  );
document.getElementById("copy-link")!.addEventListener("click", (event) => {
  const target = event.currentTarget as HTMLButtonElement;
  void navigator.clipboard
    ?.writeText(location.href)
    .then(
      () =>
        (announcer.textContent =
          "Link copied: it opens this lab at this step with these settings."),
    )
    .catch(() => (announcer.textContent = `Copy this link: ${location.href}`));
  target.textContent = "Link copied";
  setTimeout(() => (target.textContent = "Copy link"), 1500);
});
document.getElementById("export-json")!.addEventListener("click", () => {
  void playground
    .json()
    .then((data) => download(`${mountedId}.json`, JSON.stringify(data, null, 1)));
});
addEventListener("hashchange", () => void route());
void route();
