/* The query page: Yasqe (editor) and Yasr (results) from @zazuko/yasgui, pointed at this server's /sparql.
   Page data (endpoint, prefixes, named queries ...) comes from the JSON block the template writes. */
(function () {
  "use strict";

  const page = JSON.parse(document.getElementById("page-data").textContent);
  const { Yasqe, Yasr } = window;
  if (!Yasqe || !Yasr) return; // the template shows why (the editor is not installed)

  const endpoint = new URL(page.endpoint, window.location.href).href;
  const EXTENSIONS = { json: "json", xml: "xml", csv: "csv", tsv: "tsv", turtle: "ttl", ntriples: "nt", jsonld: "jsonld" };
  const LONG_URL = 1800; // longer GET URLs risk the server's request-line limit: POST those instead

  // -- where IRIs link: this site's page for IRIs it describes, the IRI itself when it is http(s) or mailto; --
  // -- any other IRI (javascript:, data:, urn: ...) is text, never an href (entities.py agrees) ---------------
  function encodePath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  function localHref(iri) {
    const instances = page.base + "id/";
    if (iri.startsWith(instances) && iri.length > instances.length) {
      return `${page.root}/id/${encodePath(iri.slice(instances.length))}`;
    }
    if (iri.startsWith(page.defNs) && iri.length > page.defNs.length) {
      const rest = iri.slice(page.defNs.length);
      const hash = rest.indexOf("#");
      if (hash < 0) return `${page.root}/def/${encodePath(rest)}`;
      return `${page.root}/def/${encodePath(rest.slice(0, hash))}#${encodeURIComponent(rest.slice(hash + 1))}`;
    }
    return null;
  }

  const LINK_SCHEMES = /^(?:https?|mailto):/i;

  function isLinkable(iri) {
    return LINK_SCHEMES.test(iri);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  const TablePlugin = Yasr.plugins.table;
  TablePlugin.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const iri = binding.value;
    let shown = iri;
    let prefixed = false;
    for (const [prefix, namespace] of Object.entries(prefixes || {})) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        shown = `${prefix}:${iri.slice(namespace.length)}`;
        prefixed = true;
        break;
      }
    }
    const local = localHref(iri);
    let link;
    if (local || isLinkable(iri)) {
      const target = local ? "" : ' target="_blank" rel="noopener noreferrer"';
      link = `<a class="iri${local ? " local" : ""}" href="${escapeHtml(local || iri)}" title="${escapeHtml(iri)}"${target}>${escapeHtml(shown)}</a>`;
    } else {
      link = `<span class="iri unlinked" title="${escapeHtml(iri)}">${escapeHtml(shown)}</span>`;
    }
    return prefixed || this.persistentConfig.compact ? link : `&lt;${link}&gt;`;
  };

  Yasr.registerPlugin("chart", window.KgbuildBarChart);

  // -- editor and results ----------------------------------------------------------------------------------
  const yasqe = new Yasqe(document.getElementById("yasqe"), {
    value: page.defaultQuery,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: null, // the page has its own link (#share-link)
    autocompleters: ["prefixes", "variables"], // not the class/property ones: they ask a remote service
    prefixCcApi: new URL(page.prefixesUrl, window.location.href).href,
    editorHeight: "340px",
    requestConfig: {
      endpoint,
      method: (y) => (encodeURIComponent(y.getValue()).length > LONG_URL ? "POST" : "GET"),
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
  });

  // The endpoint's errors are {status, title, message} (JSON when asked for JSON): show them as such.
  async function renderError(error) {
    let body;
    try {
      body = JSON.parse(error.text);
    } catch (_) {
      return undefined; // Yasr's own rendering of a plain-text error
    }
    if (!body || typeof body.message !== "string") return undefined;
    const box = document.createElement("div");
    box.className = "query-error";
    const title = document.createElement("strong");
    title.textContent = `${body.status} ${body.title}`;
    const message = document.createElement("pre");
    message.textContent = body.message;
    box.append(title, message);
    return box;
  }

  const yasr = new Yasr(document.getElementById("yasr"), {
    persistenceId: null,
    prefixes: page.prefixes,
    pluginOrder: ["table", "chart", "response"],
    defaultPlugin: "table",
    errorRenderers: [renderError],
  });

  yasqe.on("queryResponse", (_instance, response, duration) => {
    yasr.setResponse(response, duration);
    showTruncation(response);
  });

  function showTruncation(response) {
    const note = document.getElementById("truncated-note");
    const headers = response && response.headers;
    const truncated = Boolean(headers && typeof headers.get === "function" &&
      headers.get("X-KGBuild-Truncated") === "true");
    note.hidden = !truncated;
    note.textContent = truncated
      ? `Only the first ${page.maxRows.toLocaleString("en")} rows are shown: the server stops a result at ` +
        `${page.maxRows.toLocaleString("en")} rows. Add LIMIT and OFFSET to page through the rest, ` +
        "or download the whole graph from the Downloads page."
      : "";
  }

  // -- share link and downloads ----------------------------------------------------------------------------
  const shareLink = document.getElementById("share-link");
  const downloadBox = document.getElementById("download-links");

  function shareUrl(query) {
    return `${window.location.origin}${window.location.pathname}#query=${encodeURIComponent(query)}`;
  }

  function updateLinks() {
    const query = yasqe.getValue();
    const type = yasqe.getQueryType();
    const formats = type === "CONSTRUCT" || type === "DESCRIBE" ? page.graphDownloads : page.selectDownloads;
    shareLink.href = shareUrl(query);
    downloadBox.replaceChildren(
      ...formats.map(([format, title]) => {
        const a = document.createElement("a");
        a.href = `${endpoint}?${new URLSearchParams({ query, format })}`;
        a.download = `kgbuild-results.${EXTENSIONS[format] || format}`;
        a.dataset.format = format;
        a.textContent = title;
        return a;
      }),
    );
  }

  // A long query does not fit in a link: fetch it by POST and save the answer.
  downloadBox.addEventListener("click", async (event) => {
    const link = event.target.closest("a[data-format]");
    if (!link || link.href.length <= LONG_URL) return;
    event.preventDefault();
    const body = new URLSearchParams({ query: yasqe.getValue(), format: link.dataset.format });
    const response = await fetch(endpoint, { method: "POST", body });
    if (!response.ok) {
      yasr.setResponse(new Error(await response.text()));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement("a");
    save.href = url;
    save.download = link.download;
    save.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  document.getElementById("copy-share").addEventListener("click", () => {
    const status = document.getElementById("copy-status");
    const done = (message) => {
      status.textContent = message;
      setTimeout(() => { status.textContent = ""; }, 2500);
    };
    if (!navigator.clipboard) {
      done("Copy the link above");
      return;
    }
    navigator.clipboard.writeText(shareLink.href).then(() => done("Copied"), () => done("Copy the link above"));
  });

  let pending;
  yasqe.on("change", () => {
    clearTimeout(pending);
    pending = setTimeout(updateLinks, 150);
  });

  // -- named queries ---------------------------------------------------------------------------------------
  const examples = new Map(page.examples.map((q) => [q.name, q]));

  function loadExample(name) {
    const example = examples.get(name);
    if (!example) return false;
    yasqe.setValue(example.text);
    document.querySelectorAll("#examples li").forEach((li) => {
      li.classList.toggle("selected", li.querySelector("button.example").dataset.name === name);
    });
    updateLinks();
    return true;
  }

  document.getElementById("examples").addEventListener("click", (event) => {
    const button = event.target.closest("button.example");
    if (!button) return;
    loadExample(button.dataset.name);
    yasqe.focus();
  });

  // -- opening a shared link: #query=… or ?query=… (run at once), ?example=name (loaded) --------------------
  function queryFromLocation() {
    const hash = new URLSearchParams(window.location.hash.slice(1));
    const search = new URLSearchParams(window.location.search);
    return hash.get("query") || search.get("query");
  }

  function openFromLocation() {
    const shared = queryFromLocation();
    if (shared) {
      yasqe.setValue(shared);
      updateLinks();
      yasqe.query().catch(() => {}); // errors are shown in the results area
      return;
    }
    const example = new URLSearchParams(window.location.search).get("example");
    if (!(example && loadExample(example))) {
      yasqe.collapsePrefixes(true);
      updateLinks();
    }
  }

  window.addEventListener("hashchange", () => {
    if (queryFromLocation()) openFromLocation();
  });
  openFromLocation();

  window.kgbuild = { yasqe, yasr }; // for the browser tests and for tinkering in the console
})();
