// The page's script: reads the form, calls the public JSON API (GET /v1/methods, POST /v1/summarize) as any
// client would, and shows the answers. Nothing inline in the HTML: the page works under a strict
// Content-Security-Policy (default-src 'self').
"use strict";

const API = { methods: "/v1/methods", summarize: "/v1/summarize" };
// The API names the field at fault in error.details.field (or per problem of a validation_error); these
// errors come from the HTTP layer before any field is read.
const FIELD_BY_CODE = { request_entity_too_large: "text" };
// A sensible first value for each length unit, and its step.
const LENGTH_UNITS = {
  sentences: { value: 3, step: 1, min: 1 },
  words: { value: 80, step: 10, min: 1 },
  ratio: { value: 0.2, step: 0.05, min: 0.05 },
};
const HTML_FILE = /\.html?$/i;
// Read here, into the text box: text and HTML. Sent as they are (multipart) for the service to read: the rest.
const TEXT_FILE = /\.(txt|text|md|markdown|html?)$/i;
const UPLOADED_FILE = /\.(pdf|docx)$/i;
const UPLOADED_TYPES = ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"];

const $ = (id) => document.getElementById(id);
const methodSelects = () => [$("method-0"), $("method-1")];
let methods = new Map();
let upload = null; // a PDF or DOCX file chosen or dropped: sent to the service as it is

// --- Methods -------------------------------------------------------------------------------------------------

async function loadMethods() {
  const answer = await callApi(API.methods);
  if (!answer.ok) {
    showError("form", `Could not load the list of methods: ${answer.error.message}`);
    return;
  }
  methods = new Map(answer.body.methods.map((method) => [method.name, method]));
  for (const select of methodSelects()) {
    for (const method of answer.body.methods) {
      const label = `${method.name} (${method.kind}${method.available ? "" : ", unavailable"})`;
      const option = new Option(label, method.name);
      option.disabled = !method.available;
      select.append(option);
    }
    select.addEventListener("change", () => describeMethod(select));
  }
  $("method-0").value = answer.body.default;
  methodSelects().forEach(describeMethod);
}

function describeMethod(select) {
  const method = methods.get(select.value);
  let description = "Pick a second method to see both summaries side by side.";
  if (method) {
    description = method.available ? method.description : `${method.description} Unavailable: ${method.reason}`;
  }
  $(`${select.id}-description`).textContent = description;
}

// --- The article -------------------------------------------------------------------------------------------

// What to summarise: a chosen PDF or DOCX file, else the page at the address given, else the text box.
function article() {
  if (upload) return { file: upload };
  const url = $("url").value.trim();
  if (url) return { url };
  const format = document.querySelector('input[name="format"]:checked').value;
  return { [format]: $("text").value };
}

function setUpload(file) {
  upload = file;
  if (!file) $("file").value = "";
  const hint = $("file-hint");
  hint.textContent = file ? `${file.name} will be summarised; the text read from it shows with the summary.` : "";
  hint.hidden = !file;
}

async function openFile(file) {
  clearError("file");
  if (UPLOADED_FILE.test(file.name) || UPLOADED_TYPES.includes(file.type)) {
    setUpload(file);
    return;
  }
  if (!TEXT_FILE.test(file.name) && !["text/plain", "text/markdown", "text/html"].includes(file.type)) {
    showError("file", `${file.name} is not a .txt, .md, .html, .pdf or .docx file; open one of those, or paste the text`);
    return;
  }
  setUpload(null);
  $("url").value = "";
  $("text").value = await file.text();
  const html = HTML_FILE.test(file.name) || file.type === "text/html";
  document.querySelector(`input[name="format"][value="${html ? "html" : "text"}"]`).checked = true;
}

function watchDrops(area) {
  area.addEventListener("dragover", (event) => {
    event.preventDefault();
    area.classList.add("dropping");
  });
  area.addEventListener("dragleave", () => area.classList.remove("dropping"));
  area.addEventListener("drop", (event) => {
    area.classList.remove("dropping");
    if (event.dataTransfer.files.length) {
      event.preventDefault();
      openFile(event.dataTransfer.files[0]);
    }
  });
}

function changeLengthUnit() {
  const unit = LENGTH_UNITS[$("length-unit").value];
  const input = $("length");
  Object.assign(input, { step: unit.step, min: unit.min, value: unit.value });
}

// --- Calling the API ---------------------------------------------------------------------------------------

// {ok, body} or {ok: false, error: {code, message, details}}, whatever went wrong. A body with a `file`
// goes as multipart/form-data (the options as form fields, the length as its unit's field), others as JSON.
async function callApi(url, body) {
  let init = {};
  if (body?.file) {
    const form = new FormData();
    const { length, ...fields } = body;
    Object.entries({ ...fields, ...length }).forEach(([name, value]) => form.append(name, value));
    init = { method: "POST", body: form };
  } else if (body !== undefined) {
    init = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  }
  try {
    const response = await fetch(url, init);
    const answer = await response.json();
    return response.ok ? { ok: true, body: answer } : { ok: false, error: answer.error };
  } catch (error) {
    return { ok: false, error: { code: "no_answer", message: `the service did not answer (${error.message})`, details: {} } };
  }
}

function requestOptions() {
  const unit = $("length-unit").value;
  return { length: { [unit]: Number($("length").value) }, language: $("language").value };
}

async function summarize(event) {
  event.preventDefault();
  clearErrors();
  const chosen = methodSelects().map((select) => select.value).filter(Boolean);
  const source = article();
  const options = requestOptions();
  setBusy(chosen);
  const answers = await Promise.all(chosen.map((method) => callApi(API.summarize, { ...source, method, ...options })));
  setBusy([]);
  const results = $("results");
  results.replaceChildren();
  answers.forEach((answer, index) => {
    if (answer.ok) {
      results.append(renderSummary(answer.body, source.text ?? ""));
    } else {
      placeError(answer.error, index, source);
    }
  });
  results.hidden = !results.children.length;
  const done = answers.filter((answer) => answer.ok).length;
  $("status-text").textContent = done ? `${done === 1 ? "The summary is" : "Both summaries are"} below.` : "";
  document.querySelector('[aria-invalid="true"], #form-error:not([hidden])')?.focus();
}

function setBusy(chosen) {
  const busy = chosen.length > 0;
  $("summarize").disabled = busy;
  $("spinner").hidden = !busy;
  $("results").setAttribute("aria-busy", String(busy));
  const slow = chosen.some((name) => methods.get(name)?.kind === "abstractive");
  $("status-text").textContent = busy
    ? `Summarising with ${chosen.join(" and ")}…${slow ? " An abstractive method writes with a model: this can take a minute." : ""}`
    : "";
}

// --- Showing a summary -------------------------------------------------------------------------------------

function renderSummary(summary, sentText) {
  const card = $("result-template").content.firstElementChild.cloneNode(true);
  const part = (name) => card.querySelector(`.${name}`);
  part("result-title").textContent = summary.method;
  const stats = summary.stats;
  part("meta").textContent = [
    summary.kind + (summary.model ? ` (${summary.model})` : ""),
    `${stats.summary_words} of ${stats.input_words} words`,
    `${stats.input_sentences} sentences in the article`,
    `${Math.round(stats.elapsed_ms)} ms`,
  ].join(" · ");
  part("summary").textContent = summary.summary;
  part("warnings").append(...summary.warnings.map((warning) => listItem(warning)));
  part("key-points").append(...summary.key_points.map((point) => listItem(point)));
  part("keywords").append(...summary.keywords.map((keyword) => listItem(keyword.text, `score ${keyword.score.toFixed(3)}`)));
  // The offsets point into the text sent, or into the text extracted from HTML.
  const original = summary.extracted_text ?? sentText;
  part("original").append(...highlight(original, summary.sentences));
  if (!summary.sentences.length) {
    part("original-hint").textContent = "An abstractive summary is written anew: no sentence of the article is chosen.";
  }
  return card;
}

function listItem(text, title) {
  const item = document.createElement("li");
  item.textContent = text;
  if (title) item.title = title;
  return item;
}

// Text and <mark> nodes for `original` with its chosen sentences marked. The API counts offsets in code
// points (Python's str), JavaScript's strings in UTF-16 units: slicing an array of code points keeps the
// two in step past any emoji.
function highlight(original, sentences) {
  const chars = Array.from(original);
  const nodes = [];
  let position = 0;
  for (const sentence of [...sentences].sort((a, b) => a.start - b.start)) {
    nodes.push(document.createTextNode(chars.slice(position, sentence.start).join("")));
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(sentence.start, sentence.end).join("");
    mark.dataset.score = sentence.score.toFixed(3);
    mark.title = `chosen sentence ${sentence.index + 1}, score ${mark.dataset.score}`;
    mark.tabIndex = 0;
    nodes.push(mark);
    position = sentence.end;
  }
  nodes.push(document.createTextNode(chars.slice(position).join("")));
  return nodes;
}

// --- Errors, next to the field at fault --------------------------------------------------------------------

// The form control an API field name belongs to; request `index` tells which method's select.
function controlFor(field, index) {
  const name = (field ?? "").split(".")[0];
  if (name === "text" || name === "html") return "text";
  if (name === "url" || name === "file") return name;
  if (["length", "sentences", "ratio", "words"].includes(name)) return "length";
  if (name === "language") return "language";
  if (["", "method", "model", "engine"].includes(name)) return `method-${index}`;
  return "form";
}

function placeError(error, index, source) {
  const problems = error.code === "validation_error" && error.details.errors
    ? error.details.errors
    : [{ field: error.details?.field ?? FIELD_BY_CODE[error.code], message: error.message }];
  // A file's text is the file's: an error about the text (empty, too long) belongs next to the file.
  if (source.file) problems.forEach((problem) => { if (controlFor(problem.field) === "text") problem.field = "file"; });
  if (source.url) problems.forEach((problem) => { if (controlFor(problem.field) === "text") problem.field = "url"; });
  for (const problem of problems) {
    showError(controlFor(problem.field, index), problem.message);
  }
}

function showError(id, message) {
  const slot = $(`${id}-error`);
  if (slot.hidden || !slot.textContent.includes(message)) {
    slot.textContent = slot.hidden ? message : `${slot.textContent} ${message}`;
  }
  slot.hidden = false;
  const control = $(id);
  if (control) control.setAttribute("aria-invalid", "true");
  else slot.tabIndex = -1; // the form's own message takes the focus instead
}

function clearError(id) {
  const slot = $(`${id}-error`);
  slot.hidden = true;
  slot.textContent = "";
  $(id)?.removeAttribute("aria-invalid");
}

function clearErrors() {
  ["form", "text", "file", "url", "method-0", "method-1", "length", "language"].forEach(clearError);
}

// --- Wiring ------------------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("summarize-form").addEventListener("submit", summarize);
  $("file").addEventListener("change", (event) => event.target.files.length && openFile(event.target.files[0]));
  // Typing a text or an address means that, not the file chosen before.
  $("text").addEventListener("input", () => setUpload(null));
  $("url").addEventListener("input", () => setUpload(null));
  $("example").addEventListener("click", () => {
    setUpload(null);
    $("url").value = "";
    $("text").value = $("example-text").content.textContent;
    document.querySelector('input[name="format"][value="text"]').checked = true;
    $("text").focus();
  });
  $("length-unit").addEventListener("change", changeLengthUnit);
  watchDrops($("text"));
  loadMethods();
});
