/** The preview's one stylesheet: system fonts, light and dark, readable on a laptop screen. */
export const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#f4f4f1;--panel:#ffffff;--muted:#5b5b60;--link:#0b57d0;--rule:#d9d9de;--accent:#0b57d0;--on-accent:#ffffff;--ok:#1e7a3c;--warn:#8a5a00;--bad:#b3261e;--code:#efefeb;--focus:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#ececf0;--bg:#121214;--panel:#1c1c20;--muted:#a9a9b2;--link:#8ab4f8;--rule:#34343a;--accent:#8ab4f8;--on-accent:#0b1a33;--ok:#6dd58c;--warn:#f2c94c;--bad:#f28b82;--code:#26262b;--focus:#8ab4f8}}
*{box-sizing:border-box}
html{scroll-padding-top:4rem}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:.5rem;z-index:3;background:var(--panel);padding:.5rem .75rem;border-radius:6px}
.top{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.55rem 1.5rem;background:var(--panel);border-bottom:1px solid var(--rule)}
.brand{font-weight:700;color:var(--fg);text-decoration:none;letter-spacing:.01em}
.brand span{color:var(--muted);font-weight:500}
.top ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
.top nav a{display:block;padding:.3rem .7rem;border-radius:6px;color:var(--fg);text-decoration:none}
.top nav a:hover{background:var(--code)}
.top nav a[aria-current="page"]{background:var(--code);font-weight:600;box-shadow:inset 0 -2px 0 var(--accent)}
.count{display:inline-block;min-width:1.5em;margin-left:.35em;padding:0 .4em;border-radius:999px;background:var(--code);color:var(--fg);font-size:.8em;text-align:center;font-variant-numeric:tabular-nums}
.count.has{background:var(--accent);color:var(--on-accent)}
.live{margin:0 0 0 auto;color:var(--muted);font-size:.875rem}
.live::before{content:"";display:inline-block;width:.55rem;height:.55rem;margin-right:.45rem;border-radius:50%;background:var(--ok);vertical-align:.05em}
.live[data-state="off"]::before{background:var(--bad)}
.live[data-state="busy"]::before{background:var(--warn)}
main{max-width:1440px;margin:0 auto;padding:1.25rem 1.5rem 4rem}
h1{font-size:1.55rem;line-height:1.25;margin:.2rem 0 .35rem}
h2{font-size:1rem;margin:0 0 .5rem}
.meta{color:var(--muted);margin:0 0 1rem}
.crumbs{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:space-between;font-size:.9rem;color:var(--muted)}
.crumbs ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
.panel{background:var(--panel);border:1px solid var(--rule);border-radius:10px;padding:.85rem 1rem}
.grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr) minmax(0,1.15fr);gap:1rem;margin:0 0 1rem}
@media (max-width:1100px){.grid{grid-template-columns:1fr}}
dl.pairs{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem;margin:0}
dl.pairs dt{color:var(--muted)}
dl.pairs dd{margin:0;overflow-wrap:anywhere}
.subject{font-weight:600}
meter{display:block;width:100%;height:1rem;margin:.25rem 0 .4rem}
.checks{list-style:none;margin:0;padding:0}
.checks li{position:relative;padding-left:1.5rem;margin:.2rem 0}
.checks li::before{position:absolute;left:0;font-weight:700}
.checks .ok::before{content:"✓";color:var(--ok)}
.checks .warn::before{content:"!";color:var(--warn)}
.checks .bad::before{content:"✗";color:var(--bad)}
.small{font-size:.875rem;color:var(--muted)}
.toolbar{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-end;margin:0 0 1rem}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{padding:0;margin:0 0 .35rem;font-weight:600}
.choices{display:flex;flex-wrap:wrap;gap:.35rem .9rem;align-items:center}
.choices label{display:inline-flex;gap:.35rem;align-items:center}
.seg{display:inline-flex;flex-wrap:wrap;border:1px solid var(--rule);border-radius:8px;overflow:hidden;background:var(--panel)}
.seg label{position:relative;padding:.4rem .85rem;cursor:pointer;border-right:1px solid var(--rule);user-select:none}
.seg label:last-child{border-right:0}
.seg input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}
.seg label:has(input:checked){background:var(--accent);color:var(--on-accent);font-weight:600}
.seg label:has(input:focus-visible){outline:3px solid var(--focus);outline-offset:-3px}
input[type=email],input[type=text],select{font:inherit;padding:.38rem .55rem;border:1px solid var(--rule);border-radius:6px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.38rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer}
button.quiet{background:transparent;color:var(--link)}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.views{margin:0 0 1rem}
.stage{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.stage figure{margin:0;max-width:100%}
.stage figcaption{margin:0 0 .35rem;font-size:.875rem;color:var(--muted)}
iframe.mail{display:block;max-width:100%;height:900px;border:1px solid var(--rule);border-radius:6px;background:#ffffff}
iframe.w600{width:602px}
iframe.w375{width:377px}
iframe.wide{width:min(1100px,100%);height:80vh}
.dark-bg iframe.mail{background:#121214}
pre{margin:0;padding:1rem;background:var(--code);border-radius:8px;overflow:auto;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.text{width:min(84ch,100%);white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);border:1px solid var(--rule);font-size:14px}
pre.raw{max-height:80vh;white-space:pre-wrap;overflow-wrap:anywhere}
table.list{width:100%;border-collapse:collapse;background:var(--panel);border:1px solid var(--rule);border-radius:10px;overflow:hidden}
.list th,.list td{padding:.5rem .75rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
.list th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--bg)}
.list tr:last-child td{border-bottom:0}
.list td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
[data-page="plan"] table.list{margin-bottom:1.5rem}
.list caption{text-align:left;font-weight:600;padding:.5rem .75rem}
.headers td:first-child{white-space:nowrap;color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.headers td:last-child{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
.tags{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
.tags li{padding:0 .45rem;border-radius:999px;background:var(--code);font-size:.8rem}
.notice{margin:0 0 1rem;padding:.6rem .9rem;border-radius:8px;border:1px solid var(--rule);border-left:4px solid var(--ok);background:var(--panel)}
.notice.bad{border-left-color:var(--bad)}
.problems{margin:0 0 1rem;padding:.75rem 1rem;border:1px solid var(--bad);border-left:6px solid var(--bad);border-radius:8px;background:var(--panel)}
.problems h2{color:var(--bad)}
.problems ol{margin:0;padding-left:1.25rem}
.problems li{margin:.35rem 0}
.problems code.place{font-weight:600}
.excerpt{margin:.35rem 0 .5rem;padding:.5rem .75rem;font-size:12.5px}
.excerpt mark{display:inline-block;min-width:100%;background:color-mix(in srgb,var(--bad) 22%,transparent);color:inherit}
details.warnings{margin:0 0 1rem}
details summary{cursor:pointer;color:var(--muted)}
.empty{padding:2rem;text-align:center;color:var(--muted)}
footer.site{max-width:1440px;margin:0 auto;padding:0 1.5rem 2rem;color:var(--muted);font-size:.85rem}
`.trim();
