// shepherd web: the list of tasks and one task's page, kept live by server-sent events.
// Everything the agent printed or a user typed is put into the page as text (textContent, never innerHTML).
"use strict";

const token = document.querySelector('meta[name="shepherd-token"]').content;
const app = document.getElementById("app");
const STATES = ["running", "starting", "backoff", "succeeded", "failed", "stopped", "orphaned"];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "value") e.value = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Shepherd-Token": token },
    body: JSON.stringify(body || {}), credentials: "same-origin" });
  let answer;
  try { answer = await r.json(); } catch { answer = { ok: false, error: `HTTP ${r.status}` }; }
  return answer;
}

function age(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.floor(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor(s % 3600 / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86400)}d`;
}
const time = iso => iso ? new Date(iso).toLocaleTimeString() : "";
// An attempt's outcome in the colours of the task states: a retried attempt looks like a backoff.
const outcomeClass = o => o === "succeeded" ? "succeeded" : ["retryable", "handed-off", "usage-limited", "lost"].includes(o) ? "backoff" : o === "stopped" ? "stopped" : "failed";
const badge = state => el("span", { class: `state ${state}`, "data-state": state }, state);

function live(source) {
  const dot = document.getElementById("live");
  source.addEventListener("open", () => dot.classList.add("on"));
  source.addEventListener("error", () => dot.classList.remove("on"));
}

// ---- the list ----------------------------------------------------------------------------------------------------

function listPage() {
  const params = new URLSearchParams(location.search);
  const stateFilter = el("select", { id: "filter-state", "aria-label": "state" },
    el("option", { value: "" }, "all states"), el("option", { value: "active" }, "not finished"),
    STATES.map(s => el("option", { value: s }, s)));
  stateFilter.value = params.get("state") || "";
  const nameFilter = el("input", { id: "filter-name", type: "search", placeholder: "filter by name", value: params.get("q") || "" });
  const formPanel = startForm();
  formPanel.hidden = true;
  const newButton = el("button", { id: "new-task", class: "primary", onclick: () => { formPanel.hidden = !formPanel.hidden; } }, "New task");
  const body = el("tbody", { id: "tasks" });
  const table = el("table", { class: "tasks" },
    el("thead", {}, el("tr", {}, ["name", "state", "agent", "attempts", "age", "last exit", "last output", "usage"].map(h => el("th", {}, h)))), body);
  const empty = el("p", { class: "muted", id: "empty", hidden: true }, "no tasks");
  app.replaceChildren(el("div", { class: "toolbar" }, stateFilter, nameFilter, newButton), formPanel, table, empty);

  let rows = [];
  const render = () => {
    const want = stateFilter.value, q = nameFilter.value.trim().toLowerCase();
    const shown = rows.filter(t => (!want || (want === "active" ? !["succeeded", "failed", "stopped"].includes(t.state) : t.state === want))
      && (!q || t.name.toLowerCase().includes(q)));
    body.replaceChildren(...shown.map(t => el("tr", { "data-task": t.name },
      el("td", { "data-label": "name" }, el("a", { href: `/task/${encodeURIComponent(t.name)}` }, t.name)),
      el("td", { "data-label": "state" }, badge(t.state), t.stalled ? el("span", { class: "muted" }, " stalled") : null),
      el("td", { "data-label": "agent" }, t.agent),
      el("td", { "data-label": "attempts" }, t.attempts),
      el("td", { "data-label": "age", "data-since": t.createdAt }, age(t.createdAt)),
      el("td", { "data-label": "last exit", title: t.reason || "" }, t.lastExit || "", t.reason ? el("div", { class: "muted" }, t.reason) : null),
      el("td", { "data-label": "last output", class: "last", title: t.lastLine }, t.lastLine),
      el("td", { "data-label": "usage", class: "muted" }, t.usage || ""))));
    empty.hidden = shown.length > 0;
    const counts = STATES.map(s => [s, rows.filter(t => t.state === s).length]).filter(([, n]) => n > 0);
    document.getElementById("summary").textContent = `${rows.length} task${rows.length === 1 ? "" : "s"}` +
      (counts.length ? " · " + counts.map(([s, n]) => `${n} ${s}`).join(", ") : "");
  };
  const remember = () => {
    const p = new URLSearchParams();
    if (stateFilter.value) p.set("state", stateFilter.value);
    if (nameFilter.value) p.set("q", nameFilter.value);
    history.replaceState(null, "", p.toString() ? `/?${p}` : "/");
    render();
  };
  stateFilter.addEventListener("change", remember);
  nameFilter.addEventListener("input", remember);
  const events = new EventSource("/api/events");
  live(events);
  events.addEventListener("tasks", e => { rows = JSON.parse(e.data); render(); });
  setInterval(() => document.querySelectorAll("td[data-since]").forEach(td => { td.textContent = age(td.dataset.since); }), 1000);
}

function startForm() {
  const f = {
    name: el("input", { id: "start-name", placeholder: "refactor-auth", autocomplete: "off" }),
    agent: el("select", { id: "start-agent" }),
    dir: el("input", { id: "start-dir", placeholder: "/path/to/project" }),
    prompt: el("textarea", { id: "start-prompt", placeholder: "What the agent should do, completely" }),
    check: el("input", { id: "start-check", placeholder: "npm test (optional)" }),
    worktree: el("input", { id: "start-worktree", type: "checkbox" }),
    notify: el("input", { id: "start-notify", placeholder: "desktop, webhook:https://…, cmd:/path (optional)" }),
  };
  fetch("/api/agents").then(r => r.json()).then(a => f.agent.replaceChildren(...a.names.map(n => el("option", { value: n }, n))));
  const status = el("div", { id: "start-status", class: "error" });
  const submit = el("button", { id: "start-submit", class: "primary", type: "submit" }, "Start");
  const form = el("form", { class: "form", onsubmit: async e => {
    e.preventDefault();
    submit.disabled = true;
    status.className = "muted"; status.textContent = "starting…";
    const answer = await post("/api/tasks", {
      name: f.name.value.trim(), agent: f.agent.value, dir: f.dir.value.trim(), prompt: f.prompt.value,
      check: f.check.value.trim() || null, worktree: f.worktree.checked,
      notify: f.notify.value.split(/[\s,]+/).filter(Boolean),
    });
    submit.disabled = false;
    if (answer.ok) { status.className = "ok"; status.textContent = `started ${answer.task}`; form.reset(); }
    else { status.className = "error"; status.textContent = answer.error; }
  } },
  el("label", { for: "start-name" }, "name"), f.name,
  el("label", { for: "start-agent" }, "agent"), f.agent,
  el("label", { for: "start-dir" }, "directory"), f.dir,
  el("label", { for: "start-prompt" }, "prompt"), f.prompt,
  el("label", { for: "start-check" }, "--check"), f.check,
  el("label", { for: "start-worktree" }, "--worktree"), el("span", {}, f.worktree, el("span", { class: "muted" }, " a new git worktree on branch shepherd/<name>")),
  el("label", { for: "start-notify" }, "notify"), f.notify,
  el("span", {}), el("div", {}, submit, " ", status));
  return el("section", { class: "panel", id: "start-panel" }, el("h2", {}, "Start a task"), form);
}

// ---- one task ----------------------------------------------------------------------------------------------------

// Colours stay; what moves the cursor, clears the screen or sets a title is dropped (the log is a record, not a screen).
function terminalFilter() {
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  return bytes => {
    let s = carry + decoder.decode(bytes, { stream: true });
    carry = "";
    const esc = s.lastIndexOf("\x1b");
    if (esc >= 0 && s.length - esc < 256) {
      const tail = s.slice(esc);
      const complete = /^\x1b\[[0-?]*[ -\/]*[@-~]/.test(tail) || /^\x1b\][^\x07\x1b]*(\x07|\x1b\\)/.test(tail) ||
        /^\x1b[^\[\]PX^_]/.test(tail) || /^\x1b\\/.test(tail) || /^\x1b[PX^_][^\x1b]*\x1b\\/.test(tail);
      if (!complete) { carry = tail; s = s.slice(0, esc); }
    }
    return s
      .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, "")
      .replace(/\x1b[PX^_][^\x1b]*\x1b\\/g, "")
      .replace(/\x1b\[([0-?]*)([ -\/]*)([@-~])/g, (m, p, i, f) => (f === "m" && i === "" ? m : ""))
      .replace(/\x1b(?![\[\]])[ -\/]*[0-~]/g, "");
  };
}

function taskPage(name) {
  document.title = `${name} · shepherd`;
  const head = el("div", { class: "title" });
  const facts = el("dl", { class: "facts", id: "facts" });
  const notice = el("div", { class: "notice", id: "output-notice", hidden: true });
  const termBox = el("div", { id: "term" });
  const timeline = el("ol", { class: "timeline", id: "attempts" });
  const checks = el("div", { id: "checks" });
  const notes = el("div", { id: "notifications" });
  const handoff = el("div", { id: "handoff" });
  const actionStatus = el("div", { id: "action-status", class: "error" });
  const followUp = el("textarea", { id: "follow-up", placeholder: "A follow-up instruction (empty: continue the task)" });
  const confirmBox = el("input", { id: "rm-confirm", placeholder: `type ${name} to remove it`, autocomplete: "off" });
  const act = async (what, body, button) => {
    button.disabled = true;
    actionStatus.className = "muted"; actionStatus.textContent = `${what}…`;
    const answer = await post(`/api/tasks/${encodeURIComponent(name)}/${what}`, body);
    button.disabled = false;
    actionStatus.className = answer.ok ? "ok" : "error";
    actionStatus.textContent = answer.ok ? `${what}: done` : answer.error;
    return answer.ok;
  };
  const stopButton = el("button", { id: "stop", class: "danger", onclick: e => act("stop", {}, e.target) }, "Stop");
  const resumeButton = el("button", { id: "resume", class: "primary", onclick: async e => {
    if (await act("resume", { prompt: followUp.value || null }, e.target)) followUp.value = "";
  } }, "Resume / send");
  const rmButton = el("button", { id: "rm", class: "danger", onclick: async e => {
    if (await act("rm", { confirm: confirmBox.value }, e.target)) location.href = "/";
  } }, "Remove");
  app.replaceChildren(head,
    el("div", { class: "grid2" },
      el("section", { class: "panel" }, el("h2", {}, "Task"), facts),
      el("section", { class: "panel" }, el("h2", {}, "Actions"),
        el("div", { class: "actions" }, stopButton),
        el("p", {}, followUp), el("div", { class: "actions" }, resumeButton),
        el("p", { class: "actions" }, confirmBox, rmButton), actionStatus)),
    el("section", { class: "panel" }, el("h2", {}, "Output"), notice, termBox),
    el("div", { class: "grid2" },
      el("section", { class: "panel" }, el("h2", {}, "Attempts"), timeline),
      el("section", { class: "panel" }, el("h2", {}, "Checks"), checks, el("h2", {}, "Notifications"), notes)),
    el("section", { class: "panel", id: "handoff-panel", hidden: true }, el("h2", {}, "Handoff prompt"), handoff));

  const term = new Terminal({ convertEol: true, disableStdin: true, scrollback: 20000, fontSize: 13,
    theme: { background: "#000000" }, cursorBlink: false, cursorInactiveStyle: "none" });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(termBox);
  fit.fit();
  window.addEventListener("resize", () => fit.fit());
  const filter = terminalFilter();
  window.shepherdOutput = ""; // what the terminal was given, for tests and copy
  window.shepherdScreen = () => { // the terminal's text, scrollback included
    const b = term.buffer.active, lines = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i).translateToString(true));
    return lines.join("\n");
  };

  const render = t => {
    const r = t.task;
    head.replaceChildren(...[el("h1", {}, r.name), badge(r.state), el("span", { class: "muted" }, `${r.agent} · ${r.attempts} attempt${r.attempts === 1 ? "" : "s"} · ${age(r.createdAt)} old`),
      t.stopRequested ? el("span", { class: "notice" }, "stop requested") : null].filter(Boolean));
    stopButton.disabled = ["succeeded", "failed", "stopped"].includes(r.state);
    const fact = (k, v) => v === null || v === undefined || v === "" ? [] : [el("dt", {}, k), el("dd", {}, v)];
    facts.replaceChildren(...fact("state", r.state + (r.reason ? `: ${r.reason}` : "")), ...fact("directory", t.projectDir),
      ...fact("worktree", t.worktree), ...fact("tmux", t.tmuxSession), ...fact("session", t.sessionId), ...fact("check", t.check),
      ...fact("last exit", r.lastExit), ...fact("usage", r.usage), ...fact("next attempt", r.state === "backoff" ? time(t.nextAttemptAt) : null),
      ...fact("output", t.outputError));
    timeline.replaceChildren(...t.attempts.map(a => el("li", { class: a.outcome ? outcomeClass(a.outcome) : (a.endedAt ? "" : "running") },
      el("div", {}, el("strong", {}, `#${a.number} ${a.kind}`), " ", el("span", { class: "muted" }, `${time(a.startedAt)} → ${a.endedAt ? time(a.endedAt) : "running"}`),
        " ", a.exit || "", " ", a.outcome ? el("span", { class: `state ${outcomeClass(a.outcome)}` }, a.outcome) : null),
      a.detail ? el("div", { class: "muted" }, a.detail) : null,
      el("div", { class: "mono muted" }, [a.prompt ? `prompt ${a.prompt}` : null, a.sessionId ? `session ${a.sessionId}` : null].filter(Boolean).join(" · ")))));
    if (t.attempts.length === 0) timeline.replaceChildren(el("li", { class: "muted" }, "no attempt yet"));
    checks.replaceChildren(...(t.checks.length ? t.checks.map(c => el("div", {},
      el("div", {}, `after #${c.attempt}: `, el("span", { class: `state ${c.passed ? "succeeded" : "failed"}` }, c.result), " ", el("span", { class: "mono" }, c.command)),
      c.output ? el("pre", {}, c.output) : null)) : [el("p", { class: "muted" }, t.check ? "not run yet" : "no check")]));
    notes.replaceChildren(...(t.notifications.length ? t.notifications.map(n => el("div", {},
      el("span", { class: "mono" }, n.notifier), ` ${n.event}: ${n.status}`, n.deliveredAt ? ` at ${time(n.deliveredAt)}` : ` (${n.tries} tries)`,
      n.lastError ? el("div", { class: "error" }, n.lastError) : null)) : [el("p", { class: "muted" }, "none")]));
    document.getElementById("handoff-panel").hidden = !t.handoffPrompt;
    handoff.replaceChildren(el("pre", {}, t.handoffPrompt || ""));
  };

  const events = new EventSource(`/api/tasks/${encodeURIComponent(name)}/events`);
  live(events);
  events.addEventListener("task", e => render(JSON.parse(e.data)));
  events.addEventListener("output", e => {
    const bin = atob(e.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const text = filter(bytes);
    window.shepherdOutput += text;
    term.write(text);
  });
  events.addEventListener("skipped", e => {
    const s = JSON.parse(e.data);
    notice.hidden = false;
    notice.textContent = s.freed
      ? `The first ${(s.bytes / 1048576).toFixed(1)} MiB of this log are no longer kept (the log keeps the last ${s.keeps} or more).`
      : `Showing the end of the log: the first ${(s.bytes / 1048576).toFixed(1)} MiB are left out here (shepherd logs ${name} prints everything).`;
  });
  events.addEventListener("reset", () => { term.reset(); window.shepherdOutput = ""; });
  events.addEventListener("gone", () => {
    events.close();
    actionStatus.className = "muted"; actionStatus.textContent = "this task was removed";
  });
}

const m = location.pathname.match(/^\/task\/([^/]+)$/);
if (m) taskPage(decodeURIComponent(m[1])); else listPage();
