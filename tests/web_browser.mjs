// Issue 12: the exported web site in a real browser (Debian's headless Chromium, driven over
// WebDriver by chromium-driver; no npm packages). Opens index.html from disk, goes to a scene,
// presses → five times and checks the address and the step on show, goes Back, taps a data
// point, swipes, and takes screenshots at 1280×720 and 390×844 (a phone).
//
//   node tests/web_browser.mjs SITE_DIR SHOTS_DIR
// Run by tests/web.sh, which exports the site first.

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const site = resolve(process.argv[2] ?? "target/web-site");
const shots = resolve(process.argv[3] ?? "target/web-shots");
mkdirSync(shots, { recursive: true });
const port = 9600 + (process.pid % 300);
const base = `http://127.0.0.1:${port}`;

const driver = spawn("/usr/bin/chromedriver", [`--port=${port}`], { stdio: "ignore" });
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}
async function call(method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json();
  if (j.value && j.value.error) throw new Error(`${method} ${path}: ${j.value.error}: ${j.value.message}`);
  return j.value;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  for (let i = 0; ; i++) {
    try {
      const s = await call("GET", "/status");
      if (s.ready) break;
    } catch (e) {
      if (i > 100) throw new Error("chromedriver did not start: " + e);
    }
    await sleep(100);
  }
  const profile = mkdtempSync(join(tmpdir(), "storyplot-chromium-"));
  const session = await call("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: "/usr/bin/chromium",
          // The flags ../shared/TESTING.md lists: no Google hosts at start on a closed network.
          args: [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            `--user-data-dir=${profile}`, "--window-size=1280,720", "--hide-scrollbars",
            "--force-color-profile=srgb",
          ],
        },
      },
    },
  });
  const sid = session.sessionId;
  const s = (p) => `/session/${sid}${p}`;
  const run = (script, args = []) => call("POST", s("/execute/sync"), { script, args });
  const url = () => call("GET", s("/url"));
  // The address once it ends with `suffix` (a page may still be loading on a slow machine), or
  // as it is after 5 s.
  const urlEnding = async (suffix) => {
    let u = await url();
    for (let i = 0; i < 50 && !u.endsWith(suffix); i++) {
      await sleep(100);
      u = await url();
    }
    return u;
  };
  const key = async (k, times = 1) => {
    for (let i = 0; i < times; i++) {
      await call("POST", s("/actions"), {
        actions: [{ type: "key", id: "kb", actions: [{ type: "keyDown", value: k }, { type: "keyUp", value: k }] }],
      });
      await sleep(150);
    }
  };
  const cdp = (cmd, params) => call("POST", s("/goog/cdp/execute"), { cmd, params });
  const viewport = (width, height, mobile) =>
    cdp("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
  const shot = async (name) => {
    const png = await call("GET", s("/screenshot"));
    writeFileSync(join(shots, name), Buffer.from(png, "base64"));
    console.log(`     screenshot ${join(shots, name)}`);
  };
  // The step on show: the id of the one section not hidden, and how many are shown.
  const onShow = () =>
    run(`const v = [...document.querySelectorAll("section.step")].filter(e => !e.hidden && e.offsetHeight > 0);
         return [v.map(e => e.id).join(","), v.length ? v[0].querySelector(".pager .pos").textContent : ""];`);
  const RIGHT = "\uE014", LEFT = "\uE012", PAGE_DOWN = "\uE00F", SPACE = "\uE00D", SHIFT = "\uE008";

  try {
    await viewport(1280, 720, false);
    await call("POST", s("/url"), { url: "file://" + join(site, "index.html") });
    const title = await call("GET", s("/title"));
    check(title.startsWith("Made in China, taxed in America"), `index title: ${title}`);
    await shot("web-index-1280x720.png");

    // Go to a scene from the list.
    const link = await call("POST", s("/element"), { using: "css selector", value: 'ol.scenes a[href="trade-war-begins.html#1"]' });
    await call("POST", s(`/element/${Object.values(link)[0]}/click`), {});
    await sleep(300);
    check((await urlEnding("/trade-war-begins.html#1")).endsWith("/trade-war-begins.html#1"), `scene page: ${await url()}`);
    let [shown, pos] = await onShow();
    check(shown === "1", `step 1 alone on show (${shown}; ${pos})`);
    const scrolled = await run("return window.scrollY");
    check(scrolled === 0, `the page opens at its top, with the scene's title (scrollY ${scrolled})`);
    await shot("web-scene-1280x720.png");

    // → five times: three more steps of this scene (4 in all), then the next scene's steps 1 and 2.
    await key(RIGHT, 5);
    const at = await urlEnding("/list-3-retaliation.html#2");
    check(at.endsWith("/list-3-retaliation.html#2"), `after → ×5: ${at}`);
    [shown, pos] = await onShow();
    check(shown === "2" && pos.includes("step 2 of"), `visible step: ${shown}; ${pos}`);
    await shot("web-step-1280x720.png");

    // Back in the browser: the step before, then across the scene boundary.
    await call("POST", s("/back"), {});
    await sleep(300);
    await urlEnding("/list-3-retaliation.html#1");
    [shown] = await onShow();
    check((await urlEnding("/list-3-retaliation.html#1")).endsWith("/list-3-retaliation.html#1") && shown === "1", `Back: ${await url()} shows ${shown}`);
    await call("POST", s("/back"), {});
    await sleep(400);
    await urlEnding("/trade-war-begins.html#4");
    [shown] = await onShow();
    check((await urlEnding("/trade-war-begins.html#4")).endsWith("/trade-war-begins.html#4") && shown === "4", `Back again: ${await url()} shows ${shown}`);

    // PageDown goes on to the next scene; Shift+Space comes back; ← goes back a step.
    await key(PAGE_DOWN);
    check((await urlEnding("/list-3-retaliation.html#1")).endsWith("/list-3-retaliation.html#1"), `PageDown: ${await url()}`);
    await call("POST", s("/actions"), {
      actions: [{ type: "key", id: "kb", actions: [
        { type: "keyDown", value: SHIFT }, { type: "keyDown", value: SPACE },
        { type: "keyUp", value: SPACE }, { type: "keyUp", value: SHIFT }] }],
    });
    await sleep(400);
    check((await urlEnding("/trade-war-begins.html#4")).endsWith("/trade-war-begins.html#4"), `Shift+Space: ${await url()}`);
    await key(LEFT);
    await urlEnding("/trade-war-begins.html#3");
    [shown] = await onShow();
    check((await urlEnding("/trade-war-begins.html#3")).endsWith("/trade-war-begins.html#3") && shown === "3", `←: ${await url()} shows ${shown}`);

    // A tap on a data point shows its date and value.
    const tip = await run(`const c = [...document.querySelectorAll("section.step:not([hidden]) .tips circle")][0];
      if (!c) return "no point";
      c.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      const t = document.getElementById("tip");
      return t.hidden ? "hidden" : t.textContent;`);
    check(/\d{4}: .*\d/.test(tip), `tap on a point: ${tip}`);

    // The phone: a swipe to the left is Next.
    await viewport(390, 844, true);
    await call("POST", s("/url"), { url: "file://" + join(site, "list-3-retaliation.html#1") });
    await sleep(400);
    await shot("web-scene-390x844.png");
    const swipe = async (from, to) => {
      await cdp("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: from, y: 400 }] });
      await cdp("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: (from + to) / 2, y: 402 }] });
      await cdp("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: to, y: 404 }] });
      await cdp("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
      await sleep(400);
    };
    await swipe(320, 60);
    await urlEnding("/list-3-retaliation.html#2");
    [shown] = await onShow();
    check((await urlEnding("/list-3-retaliation.html#2")).endsWith("/list-3-retaliation.html#2") && shown === "2", `swipe left: ${await url()} shows ${shown}`);
    await shot("web-step-390x844.png");
    const chartTop = await run(`const f = [...document.querySelectorAll("section.step")].find(e => !e.hidden).querySelector("figure.chart");
      f.scrollIntoView(); return f.getBoundingClientRect().width;`);
    check(chartTop > 300 && chartTop <= 390, `the chart fits the phone's width (${chartTop}px)`);
    await shot("web-chart-390x844.png");
    await viewport(390, 844, true);
    await call("POST", s("/url"), { url: "file://" + join(site, "index.html") });
    await sleep(300);
    await shot("web-index-390x844.png");

    // Dark: the browser's preference.
    await viewport(1280, 720, false);
    await cdp("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "dark" }] });
    await call("POST", s("/url"), { url: "file://" + join(site, "trade-war-begins.html#3") });
    await sleep(400);
    const bg = await run("return getComputedStyle(document.body).backgroundColor");
    check(bg === "rgb(27, 27, 27)", `dark background: ${bg}`);
    await shot("web-scene-dark-1280x720.png");

    // The keyboard: Tab reaches the links, and the one with the focus has a visible ring.
    const TAB = "\uE004";
    await key(TAB, 3);
    const ring = await run(`const a = document.activeElement, st = getComputedStyle(a);
      return [a.tagName, a.textContent.trim().slice(0, 30), st.outlineStyle, st.outlineWidth];`);
    check(ring[0] === "A" && ring[2] !== "none" && parseFloat(ring[3]) >= 2, `focus ring: ${ring.join(" / ")}`);
    await shot("web-focus-dark-1280x720.png");
  } finally {
    await call("DELETE", s("")).catch(() => {});
    driver.kill();
  }
  if (failures) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log("all browser checks passed");
}

main().catch((e) => {
  console.error(e);
  driver.kill();
  process.exit(1);
});
