/*
 * ReturnDesk chat widget: one script tag, no build step.
 *
 *   <script src="https://returns.example.com/widget/returndesk-widget.js"
 *           data-service-url="https://returns.example.com"
 *           data-rasa-url="https://chat.example.com"
 *           data-context="<customer context the shop's server signed, if someone is signed in>"
 *           defer></script>
 *
 * The returns service issues a chat session (conversation id + signed token, POST
 * /api/v1/chat/sessions); the widget keeps it in localStorage until it expires, so the
 * conversation survives reloads. It speaks socket.io to Rasa's signed_socketio channel, which
 * accepts messages only after verifying the token in `session_request`.
 *
 * With `data-context` (or `ReturnDeskWidget.setContext(context)` after a sign-in without a page
 * load) the session is opened for that customer, and the assistant skips asking for the order
 * number and email. A stored session is kept only while the page names the same customer and
 * order: signing out, or in as someone else, starts a new conversation.
 *
 * Everything the bot says is rendered with text nodes (never innerHTML); only http(s) links and
 * images are turned into elements.
 *
 * The widget's own words are in English or Chinese (MESSAGES below, one catalogue per language
 * with the same keys): `data-locale="en"|"zh"`, else the page's <html lang>, else English;
 * `ReturnDeskWidget.setLocale("zh")` switches at any time. Every message sent carries the
 * language as `metadata.locale`, which the assistant uses for the conversation's language.
 *
 * Photos and videos (the attach button, drag-and-drop onto the chat, the camera on phones) are
 * uploaded straight to the service (POST /api/v1/evidence, with the chat token), with progress
 * and a retry button. The assistant then gets `/provide_evidence` with the evidence ids in the
 * message metadata; it looks each id up in the service itself, so the ids are only a hint. When
 * the assistant asks for photos it sends `{evidence_request: {items: [{kind, count, missing}]}}`,
 * which tells the uploads which kind they are.
 *
 * The shop chooses colours, title, greeting, locale, position and an avatar with data attributes
 * (`data-primary-color="#0a7d4f"`), a `data-config` JSON object or a JSON <script
 * id="returndesk-config">; readOptions() checks every value and warns in the console about a
 * bad or unknown one, keeping the default (docs/merchant-guide.md, "The chat widget").
 *
 * Each message the customer sends is a turn with an id of this page's; the channel answers with
 * `bot_turn_done {turn}` once every answer to it was sent. The typing indicator stays until then
 * (a slow lookup after a first answer is still "typing"), and the panel carries
 * `data-turns-done` (this page's finished turns) and `data-turns-pending`, so tests and
 * embedding pages can wait for the end of a turn instead of guessing it from a quiet moment.
 */
(function () {
  "use strict";

  if (window.ReturnDeskWidget) return; // embedded twice: keep the first

  var script =
    document.currentScript || document.querySelector('script[src*="returndesk-widget.js"]');
  var scriptUrl = new URL(script.src, document.baseURI);
  var assetBase = scriptUrl.href.replace(/[^/]*$/, "");
  // ---- words: one catalogue per language, the same keys in each (tests/widget/test_widget_locale.py) ----

  // Anything outside ASCII is written as \u escapes, the words beside them in a comment: a shop
  // may serve this file without a charset, and the page's own encoding would garble them.
  var MESSAGES = {
    en: {
      title: "Returns help",
      launcher: "Chat",
      openChat: "Open chat: {title}",
      closeChatTitled: "Close chat: {title}",
      restart: "Start a new conversation",
      close: "Close chat",
      intro: "Hi! Tell me what you'd like to return, ask where a return is, or ask about the return policy.",
      conversation: "Conversation",
      typing: "The assistant is typing",
      placeholder: "Type a message\u2026",
      yourMessage: "Your message",
      send: "Send",
      attach: "Attach photos or a video",
      cameraLabel: "Take a photo with the camera",
      cameraTitle: "Take a photo",
      drop: "Drop photos or a video to send them",
      you: "You: ",
      assistant: "Assistant: ",
      team: " (returns team): ",
      image: "Image from the assistant",
      choices: "Choices",
      connecting: "Connecting\u2026",
      reconnecting: "Reconnecting\u2026",
      unreachable: "Can't reach the assistant; retrying\u2026",
      unavailable: "The chat is unavailable right now. Please try again in a moment.",
      tooManyOneMinute: "Too many new chats from your network. Please try again in 1 minute.",
      tooManyMinutes: "Too many new chats from your network. Please try again in {minutes} minutes.",
      uploadingFile: "Uploading {name}",
      uploading: "Uploading\u2026",
      uploaded: "Uploaded \u2713",
      fileRefused: "That file can't be used.",
      uploadFailed: "The upload didn't go through.",
      uploadOffline: "The upload didn't go through: check your connection.",
      retry: "Retry",
      retryFile: "Retry uploading {name}",
    },
    zh: {
      title: "\u9000\u8d27\u5e2e\u52a9",  // 退货帮助
      launcher: "\u54a8\u8be2",  // 咨询
      openChat: "\u6253\u5f00\u804a\u5929\uff1a{title}",  // 打开聊天：{title}
      closeChatTitled: "\u5173\u95ed\u804a\u5929\uff1a{title}",  // 关闭聊天：{title}
      restart: "\u5f00\u59cb\u65b0\u7684\u5bf9\u8bdd",  // 开始新的对话
      close: "\u5173\u95ed\u804a\u5929",  // 关闭聊天
      intro: "\u60a8\u597d\uff01\u8bf7\u544a\u8bc9\u6211\u60a8\u60f3\u9000\u4ec0\u4e48\uff0c\u6216\u8005\u67e5\u8be2\u9000\u8d27\u8fdb\u5ea6\u3001\u54a8\u8be2\u9000\u8d27\u653f\u7b56\u3002",  // 您好！请告诉我您想退什么，或者查询退货进度、咨询退货政策。
      conversation: "\u5bf9\u8bdd\u8bb0\u5f55",  // 对话记录
      typing: "\u52a9\u624b\u6b63\u5728\u8f93\u5165",  // 助手正在输入
      placeholder: "\u8f93\u5165\u6d88\u606f\u2026",  // 输入消息…
      yourMessage: "\u60a8\u7684\u6d88\u606f",  // 您的消息
      send: "\u53d1\u9001",  // 发送
      attach: "\u6dfb\u52a0\u7167\u7247\u6216\u89c6\u9891",  // 添加照片或视频
      cameraLabel: "\u7528\u76f8\u673a\u62cd\u7167",  // 用相机拍照
      cameraTitle: "\u62cd\u7167",  // 拍照
      drop: "\u62d6\u653e\u7167\u7247\u6216\u89c6\u9891\u5230\u8fd9\u91cc\u5373\u53ef\u53d1\u9001",  // 拖放照片或视频到这里即可发送
      you: "\u60a8\uff1a",  // 您：
      assistant: "\u52a9\u624b\uff1a",  // 助手：
      team: "\uff08\u9000\u8d27\u56e2\u961f\uff09\uff1a",  // （退货团队）：
      image: "\u52a9\u624b\u53d1\u9001\u7684\u56fe\u7247",  // 助手发送的图片
      choices: "\u9009\u9879",  // 选项
      connecting: "\u6b63\u5728\u8fde\u63a5\u2026",  // 正在连接…
      reconnecting: "\u6b63\u5728\u91cd\u65b0\u8fde\u63a5\u2026",  // 正在重新连接…
      unreachable: "\u6682\u65f6\u8fde\u4e0d\u4e0a\u52a9\u624b\uff0c\u6b63\u5728\u91cd\u8bd5\u2026",  // 暂时连不上助手，正在重试…
      unavailable: "\u804a\u5929\u6682\u65f6\u4e0d\u53ef\u7528\uff0c\u8bf7\u7a0d\u540e\u518d\u8bd5\u3002",  // 聊天暂时不可用，请稍后再试。
      tooManyOneMinute: "\u60a8\u6240\u5728\u7f51\u7edc\u53d1\u8d77\u7684\u65b0\u5bf9\u8bdd\u8fc7\u591a\uff0c\u8bf71\u5206\u949f\u540e\u518d\u8bd5\u3002",  // 您所在网络发起的新对话过多，请1分钟后再试。
      tooManyMinutes: "\u60a8\u6240\u5728\u7f51\u7edc\u53d1\u8d77\u7684\u65b0\u5bf9\u8bdd\u8fc7\u591a\uff0c\u8bf7{minutes}\u5206\u949f\u540e\u518d\u8bd5\u3002",  // 您所在网络发起的新对话过多，请{minutes}分钟后再试。
      uploadingFile: "\u6b63\u5728\u4e0a\u4f20{name}",  // 正在上传{name}
      uploading: "\u6b63\u5728\u4e0a\u4f20\u2026",  // 正在上传…
      uploaded: "\u5df2\u4e0a\u4f20 \u2713",  // 已上传 ✓
      fileRefused: "\u6b64\u6587\u4ef6\u65e0\u6cd5\u4f7f\u7528\u3002",  // 此文件无法使用。
      uploadFailed: "\u4e0a\u4f20\u6ca1\u6709\u6210\u529f\u3002",  // 上传没有成功。
      uploadOffline: "\u4e0a\u4f20\u6ca1\u6709\u6210\u529f\uff0c\u8bf7\u68c0\u67e5\u7f51\u7edc\u8fde\u63a5\u3002",  // 上传没有成功，请检查网络连接。
      retry: "\u91cd\u8bd5",  // 重试
      retryFile: "\u91cd\u65b0\u4e0a\u4f20{name}",  // 重新上传{name}
    },
  };
  // The language tag the panel carries, so screen readers and fonts treat the words as that language.
  var LANGUAGE_TAGS = { en: "en", zh: "zh-CN" };

  // "zh", "zh-CN", "ZH_hans" -> "zh"; anything the widget has no words for -> null.
  function supportedLocale(value) {
    var language = String(value || "").replace("_", "-").split("-")[0].toLowerCase();
    return Object.prototype.hasOwnProperty.call(MESSAGES, language) ? language : null;
  }

  // ---- the shop's options: data attributes on the script tag, or JSON (docs/merchant-guide.md) ----

  function warn(text) {
    if (window.console) window.console.warn("ReturnDesk: " + text);
  }

  var CONNECTION_ATTRIBUTES = ["serviceUrl", "rasaUrl", "socketPath", "context", "config"];
  var MAX_CONFIG_CHARS = 4096;
  function isColour(value) {
    return value.length <= 64 && !!(window.CSS && CSS.supports("color", value));
  }
  function isShort(limit) {
    return function (value) { return value.trim().length > 0 && value.length <= limit; };
  }
  // https anywhere, or a path on the page's own site; never http:, data:, javascript: or //host.
  function isAvatarUrl(value) {
    if (value.length > 2048 || /^\s*\/\//.test(value)) return false;
    try {
      var url = new URL(value, document.baseURI);
      var relative = !/^[a-z][a-z0-9+.-]*:/i.test(value.trim());
      return url.protocol === "https:" || (relative && (url.protocol === "http:" || url.protocol === "https:"));
    } catch (ignored) {
      return false;
    }
  }
  // Each option: its check, and what a shop is told when a value fails it.
  var OPTIONS = {
    primaryColor: { valid: isColour, wanted: "a CSS colour such as #1f5eff or rgb(31 94 255)" },
    backgroundColor: { valid: isColour, wanted: "a CSS colour" },
    textColor: { valid: isColour, wanted: "a CSS colour" },
    title: { valid: isShort(60), wanted: "a text of 1 to 60 characters" },
    greeting: { valid: isShort(300), wanted: "a text of 1 to 300 characters" },
    locale: { valid: supportedLocale, wanted: '"en" or "zh"' },
    position: {
      valid: function (value) { return value === "bottom-right" || value === "bottom-left"; },
      wanted: '"bottom-right" or "bottom-left"',
    },
    avatarUrl: { valid: isAvatarUrl, wanted: "an https:// URL or a path on this site, at most 2048 characters" },
  };

  function readJson(text, where) {
    if (!text) return {};
    if (text.length > MAX_CONFIG_CHARS) {
      warn(where + " is longer than " + MAX_CONFIG_CHARS + " characters; ignored");
      return {};
    }
    try {
      var parsed = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch (ignored) {
      /* reported below */
    }
    warn(where + " is not a JSON object; ignored");
    return {};
  }

  // JSON first (a <script type="application/json" id="returndesk-config">, then data-config), then
  // the data attributes, each later source overriding the one before; every value is checked.
  function readOptions() {
    var block = document.getElementById("returndesk-config");
    var sources = [
      [readJson(block && block.type === "application/json" ? block.textContent : "", "#returndesk-config"), "JSON"],
      [readJson(script.dataset.config, "data-config"), "data-config"],
      [script.dataset, "data attribute"],
    ];
    var chosen = {};
    sources.forEach(function (pair) {
      var values = pair[0];
      Object.keys(values).forEach(function (name) {
        if (pair[1] === "data attribute" && CONNECTION_ATTRIBUTES.indexOf(name) >= 0) return;
        var option = OPTIONS[name];
        if (!option) {
          warn("unknown option " + JSON.stringify(name) + " (" + pair[1] + ") ignored");
          return;
        }
        var value = values[name];
        if (typeof value !== "string" || !option.valid(value)) {
          warn("option " + name + " " + JSON.stringify(value) + " ignored: it must be " + option.wanted);
          return;
        }
        chosen[name] = name === "locale" ? supportedLocale(value) : value;
      });
    });
    return chosen;
  }

  var options = readOptions();
  var config = {
    serviceUrl: (script.dataset.serviceUrl || scriptUrl.origin).replace(/\/+$/, ""),
    rasaUrl: (script.dataset.rasaUrl || "http://127.0.0.1:5005").replace(/\/+$/, ""),
    socketPath: script.dataset.socketPath || "/socket.io/",
    // A shop's own title and greeting are kept in every language; without them the catalogue's are used.
    customTitle: options.title || null,
    greeting: options.greeting || null,
    title: null,
    locale: options.locale || supportedLocale(document.documentElement.getAttribute("lang")) || "en",
    context: script.dataset.context || null,
    options: options,
  };

  function t(key, values) {
    var text = (MESSAGES[config.locale] || MESSAGES.en)[key];
    if (text === undefined) text = MESSAGES.en[key];
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  var STORAGE_KEY = "returndesk.chat.v1:" + config.serviceUrl;
  var MAX_STORED_MESSAGES = 200;
  var RENEW_MARGIN_MS = 60 * 1000; // a session about to expire is replaced, not used
  var TYPING_TIMEOUT_MS = 20 * 1000;
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;
  var EVIDENCE_PATH = "/api/v1/evidence";
  var MAX_FILES_PER_DROP = 6;
  var UPLOAD_TIMEOUT_MS = 120 * 1000;

  // ---- state: the chat session and transcript, persisted per service ----

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (stored && stored.session && Date.parse(stored.session.expires_at) - RENEW_MARGIN_MS > Date.now()) {
        stored.messages = stored.messages || [];
        return stored;
      }
    } catch (ignored) {
      /* unreadable storage: start afresh */
    }
    return { session: null, messages: [], open: false };
  }

  function save() {
    try {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (ignored) {
      /* private mode or full storage: the chat still works, it just won't survive a reload */
    }
  }

  // "email|order" of a customer context, or "" for none: which customer a session speaks for.
  // The page's context is read without checking its signature — the service checks it; this
  // only decides whether a stored session still belongs to the page.
  function identityOfContext(context) {
    if (!context) return "";
    try {
      var part = context.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var claims = JSON.parse(window.atob(part + "===".slice((part.length + 3) % 4)));
      return String(claims.email || "").toLowerCase() + "|" + String(claims.order_number || "").toUpperCase();
    } catch (ignored) {
      return "unreadable";
    }
  }

  function identityOfSession(session) {
    var verified = session && session.context;
    return verified ? String(verified.email).toLowerCase() + "|" + String(verified.order_number || "").toUpperCase() : "";
  }

  function belongsToPage(stored) {
    return !stored.session || identityOfSession(stored.session) === identityOfContext(config.context);
  }

  var state = load();
  if (!belongsToPage(state)) state = { session: null, messages: [], open: state.open };
  var socket = null;
  var confirmed = false;
  var outbox = []; // messages typed before the session is confirmed
  var typingTimer = null;
  var renewedAfterRejection = false;
  var wantedKinds = []; // from the assistant's latest evidence_request: one kind per photo still missing
  // Turn ids are this page's own: another tab in the same conversation hears our turns end too.
  var turnPrefix = Math.random().toString(36).slice(2, 10) + "-";
  var turnsStarted = 0;
  var turnsDone = 0;
  var pendingTurns = []; // ids sent, oldest first, whose bot_turn_done has not come yet

  // ---- DOM ----

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  function chatIcon() {
    // Inline SVG: no emoji font or icon file needed on the host page.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "rd-launcher-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function paperclipIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "rd-attach-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute(
      "d",
      "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"
    );
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var stylesheet = el("link", { rel: "stylesheet", href: assetBase + "returndesk-widget.css" });
  document.head.appendChild(stylesheet);

  // The widget's words are set by applyLocale() below, once now and again on setLocale().
  var launcher = el("button", {
    type: "button",
    id: "rd-launcher",
    class: "rd-launcher",
    "data-testid": "rd-launcher",
    "aria-controls": "rd-panel",
    "aria-expanded": "false",
  });
  var launcherText = el("span", { class: "rd-launcher-text", "data-testid": "rd-launcher-text" });
  launcher.appendChild(chatIcon());
  launcher.appendChild(launcherText);

  var title = el("h2", { id: "rd-title", class: "rd-title", "data-testid": "rd-title" });
  // Decorative: the title beside it names the chat. A picture that fails to load is hidden.
  var avatar = el("img", { class: "rd-avatar", alt: "", "data-testid": "rd-avatar", hidden: "" });
  if (options.avatarUrl) {
    avatar.addEventListener("error", function () { avatar.hidden = true; });
    avatar.src = new URL(options.avatarUrl, document.baseURI).href;
    avatar.hidden = false;
  }
  var restartButton = el("button", {
    type: "button",
    class: "rd-header-button",
    "data-testid": "rd-restart",
    text: "\u21ba",
  });
  var closeButton = el("button", {
    type: "button",
    class: "rd-header-button",
    "data-testid": "rd-close",
    text: "\u00d7",
  });
  var status = el("p", { id: "rd-status", class: "rd-status", role: "status", "data-testid": "rd-status" });
  var statusKey = null; // the catalogue key shown in the status line, re-worded on setLocale()
  var intro = el("p", { class: "rd-intro", "data-testid": "rd-intro" });
  var log = el("ol", {
    id: "rd-log",
    class: "rd-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "data-testid": "rd-log",
    tabindex: "0",
  });
  var typingText = el("span", { class: "rd-visually-hidden" });
  var typing = el("div", { class: "rd-typing", "data-testid": "rd-typing", hidden: "" }, [
    typingText,
    el("span", { class: "rd-dot", "aria-hidden": "true" }),
    el("span", { class: "rd-dot", "aria-hidden": "true" }),
    el("span", { class: "rd-dot", "aria-hidden": "true" }),
  ]);
  var input = el("input", {
    id: "rd-input",
    class: "rd-input",
    type: "text",
    autocomplete: "off",
    maxlength: "1000",
    "data-testid": "rd-input",
  });
  var send = el("button", { type: "submit", class: "rd-send", "data-testid": "rd-send" });
  // Two pickers: files or gallery, and (shown on touch screens) the back camera directly.
  var fileInput = el("input", {
    type: "file",
    accept: "image/*,video/*",
    multiple: "",
    class: "rd-visually-hidden",
    tabindex: "-1",
    "aria-hidden": "true",
    "data-testid": "rd-file",
  });
  var cameraInput = el("input", {
    type: "file",
    accept: "image/*,video/*",
    capture: "environment",
    class: "rd-visually-hidden",
    tabindex: "-1",
    "aria-hidden": "true",
    "data-testid": "rd-camera-file",
  });
  var attach = el("button", {
    type: "button",
    class: "rd-attach",
    "data-testid": "rd-attach",
  });
  attach.appendChild(paperclipIcon());
  var camera = el("button", {
    type: "button",
    class: "rd-attach rd-camera",
    "data-testid": "rd-camera",
    text: "\ud83d\udcf7",
  });
  var inputLabel = el("label", { for: "rd-input", class: "rd-visually-hidden" });
  var form = el("form", { class: "rd-form", "data-testid": "rd-form" }, [
    attach,
    camera,
    fileInput,
    cameraInput,
    inputLabel,
    input,
    send,
  ]);
  var dropHint = el("div", { class: "rd-drop-hint", "aria-hidden": "true" });
  var panel = el(
    "section",
    {
      id: "rd-panel",
      class: "rd-panel",
      role: "dialog",
      "aria-modal": "false",
      "aria-labelledby": "rd-title",
      "data-testid": "rd-panel",
      hidden: "",
    },
    [
      el("header", { class: "rd-header" }, [avatar, title, restartButton, closeButton]),
      status,
      el("div", { class: "rd-scroll" }, [intro, log, typing]),
      form,
      dropHint,
    ]
  );
  var root = el("div", { id: "rd-widget", class: "rd-widget" }, [panel, launcher]);

  // The shop's colours as the stylesheet's custom properties (set through the CSSOM, which a
  // page's CSP allows), and text on the primary colour in black or white, whichever reads better.
  function inkFor(colour) {
    var probe = el("span", {});
    probe.style.color = colour;
    document.documentElement.appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0]).map(Number);
    probe.remove();
    var luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
    return luminance > 0.6 ? "#1d2433" : "#fff";
  }
  if (options.primaryColor) {
    root.style.setProperty("--rd-brand", options.primaryColor);
    root.style.setProperty("--rd-brand-ink", inkFor(options.primaryColor));
  }
  if (options.backgroundColor) root.style.setProperty("--rd-bg", options.backgroundColor);
  if (options.textColor) root.style.setProperty("--rd-ink", options.textColor);
  if (options.position === "bottom-left") root.classList.add("rd-left");

  function labelled(node, key) {
    node.setAttribute("aria-label", t(key));
    node.setAttribute("title", t(key));
  }

  function applyLocale() {
    config.title = config.customTitle || t("title");
    root.setAttribute("lang", LANGUAGE_TAGS[config.locale] || config.locale);
    root.setAttribute("data-locale", config.locale);
    launcherText.textContent = t("launcher");
    launcher.setAttribute("aria-label", t(panel.hidden ? "openChat" : "closeChatTitled", { title: config.title }));
    title.textContent = config.title;
    labelled(restartButton, "restart");
    labelled(closeButton, "close");
    intro.textContent = config.greeting || t("intro");
    log.setAttribute("aria-label", t("conversation"));
    typingText.textContent = t("typing");
    input.setAttribute("placeholder", t("placeholder"));
    inputLabel.textContent = t("yourMessage");
    send.textContent = t("send");
    labelled(attach, "attach");
    camera.setAttribute("aria-label", t("cameraLabel"));
    camera.setAttribute("title", t("cameraTitle"));
    dropHint.textContent = t("drop");
    if (statusKey) setStatus(statusKey);
  }

  function setLocale(locale) {
    var chosen = supportedLocale(locale);
    if (!chosen) {
      if (window.console) window.console.warn("ReturnDesk: no words for locale " + JSON.stringify(locale) + "; keeping " + config.locale);
      return config.locale;
    }
    config.locale = chosen;
    applyLocale();
    return chosen;
  }

  applyLocale();

  // ---- rendering messages ----

  function appendText(container, text) {
    // Text nodes for everything, anchors only for http(s) URLs: nothing the bot says is parsed as HTML.
    var last = 0;
    String(text).replace(URL_PATTERN, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, "");
      container.appendChild(document.createTextNode(text.slice(last, offset)));
      container.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url }));
      last = offset + url.length;
      return match;
    });
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  // An http(s) URL, with links the service gives as paths ("/api/v1/evidence/...") resolved
  // against the service, not the shop's page; null for anything else (javascript:, data:).
  function httpUrl(value) {
    try {
      var url = new URL(value, config.serviceUrl + "/");
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (ignored) {
      return null;
    }
  }

  function render(message) {
    var from = message.from === "user" ? "user" : "bot";
    var agent = from === "bot" && message.agent ? String(message.agent) : "";
    var item = el("li", {
      class: "rd-message rd-message--" + from + (agent ? " rd-message--agent" : ""),
      "data-testid": agent ? "rd-message-agent" : "rd-message-" + from,
    });
    if (agent) {
      // A person from the returns team wrote this (live handoff): their name, seen and read aloud.
      item.appendChild(el("div", { class: "rd-agent-name", "data-testid": "rd-agent-name", text: agent }));
      item.appendChild(el("span", { class: "rd-visually-hidden", text: t("team") }));
    } else {
      item.appendChild(el("span", { class: "rd-visually-hidden", text: t(from === "user" ? "you" : "assistant") }));
    }
    if (message.text) {
      var bubble = el("div", { class: "rd-bubble" });
      appendText(bubble, message.text);
      item.appendChild(bubble);
    }
    if (message.image && httpUrl(message.image)) {
      item.appendChild(el("img", { class: "rd-image", src: httpUrl(message.image), alt: t("image") }));
    }
    if (message.upload) {
      item.classList.add("rd-upload");
      var note = el("div", { class: "rd-upload-note", text: message.upload.note || "" });
      if (message.upload.failed) note.classList.add("rd-upload-note--failed");
      item.appendChild(note);
    }
    if (message.buttons && message.buttons.length) {
      var group = el("div", { class: "rd-buttons", role: "group", "aria-label": t("choices") });
      message.buttons.forEach(function (button) {
        if (button.url !== undefined) {
          // A link (the return label): opens in a new tab, sends nothing, stays usable after
          // the customer answers. Only http(s); anything else is not shown at all.
          var href = httpUrl(button.url);
          if (!href) return;
          group.appendChild(
            el("a", {
              class: "rd-button rd-link-button",
              "data-testid": "rd-link-button",
              href: href,
              target: "_blank",
              rel: "noopener noreferrer",
              text: button.title,
            })
          );
          return;
        }
        var choice = el("button", { type: "button", class: "rd-button", "data-testid": "rd-button", text: button.title });
        if (message.answered) choice.disabled = true;
        choice.addEventListener("click", function () {
          sendMessage(button.payload, button.title);
          input.focus();
        });
        group.appendChild(choice);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function addMessage(message) {
    state.messages.push(message);
    save();
    render(message);
  }

  function answerOpenChoices() {
    // Once the customer has replied, earlier buttons would answer a question no longer asked.
    state.messages.forEach(function (message) {
      if (message.buttons) message.answered = true;
    });
    Array.prototype.forEach.call(log.querySelectorAll("button.rd-button"), function (button) {
      button.disabled = true;
    });
  }

  function setTyping(on) {
    window.clearTimeout(typingTimer);
    typing.hidden = !on;
    // A fallback for the dots only: a turn that never ends (a lost socket) must not look busy forever.
    if (on) typingTimer = window.setTimeout(setTyping, TYPING_TIMEOUT_MS, false);
  }

  function showTurns() {
    panel.setAttribute("data-turns-done", String(turnsDone));
    panel.setAttribute("data-turns-pending", String(pendingTurns.length));
  }

  function startTurn() {
    turnsStarted += 1;
    var turn = turnPrefix + turnsStarted;
    pendingTurns.push(turn);
    showTurns();
    return turn;
  }

  function finishTurn(turn) {
    // Without an id (an older channel) the oldest turn is the one answered; an id that is not
    // ours is another tab's turn in the same conversation.
    var index = turn ? pendingTurns.indexOf(String(turn)) : pendingTurns.length ? 0 : -1;
    if (index < 0) return;
    pendingTurns.splice(index, 1);
    turnsDone += 1;
    showTurns();
    if (!pendingTurns.length) setTyping(false);
  }

  function dropTurns() {
    // Their answers can no longer come (a new conversation, the chat unavailable).
    pendingTurns = [];
    showTurns();
  }

  // A catalogue key (re-worded if the language changes) or, for the service's own sentence, text.
  function setStatus(keyOrText) {
    var known = keyOrText && Object.prototype.hasOwnProperty.call(MESSAGES.en, keyOrText);
    statusKey = known ? keyOrText : null;
    var text = known ? t(keyOrText) : keyOrText || "";
    status.textContent = text;
    status.hidden = !text;
  }

  function fromRasa(data) {
    // Rasa's socket.io output: {text}, {text, quick_replies}, or {attachment: {type: "image", ...}}.
    // A custom message with an evidence_request is an instruction for the widget, not shown.
    if (data.evidence_request) {
      askForEvidence(data.evidence_request);
      return null;
    }
    var message = { from: "bot", text: data.text || "" };
    // A person's message during a live handoff names them: {text, agent: {name}}.
    if (data.agent && typeof data.agent.name === "string" && data.agent.name) {
      message.agent = data.agent.name.slice(0, 80);
    }
    if (data.quick_replies && data.quick_replies.length) {
      message.buttons = data.quick_replies.map(function (reply) {
        // A reply with a url is a link (bot/channels/signed_socketio.py passes it on), not a choice.
        if (typeof reply.url === "string") return { title: String(reply.title), url: reply.url };
        return { title: String(reply.title), payload: String(reply.payload) };
      });
    }
    var attachment = data.attachment;
    if (attachment && attachment.type === "image" && attachment.payload && attachment.payload.src) {
      message.image = String(attachment.payload.src);
    }
    return message;
  }

  // ---- session and socket ----

  function postSession(context) {
    var request = { method: "POST" };
    if (context) {
      request.headers = { "Content-Type": "application/json" };
      request.body = JSON.stringify({ context: context });
    }
    return fetch(config.serviceUrl + "/api/v1/chat/sessions", request);
  }

  function fetchSession() {
    return postSession(config.context)
      .then(function (response) {
        if (config.context && !response.ok && response.status !== 429) {
          // An expired or refused customer context: chat anyway, the assistant will ask who it is.
          if (window.console) window.console.warn("ReturnDesk: customer context refused (HTTP " + response.status + ")");
          config.context = null;
          return postSession(null);
        }
        return response;
      })
      .then(function (response) {
        if (response.status === 429) {
          return response.json().then(
            function (problem) {
              throw tooManyError(problem.retry_after_seconds);
            },
            function () {
              throw tooManyError(null);
            }
          );
        }
        if (!response.ok) throw new Error("chat session: HTTP " + response.status);
        return response.json();
      });
  }

  function tooManyError(seconds) {
    var error = new Error(tooManyMessage(seconds));
    error.tooMany = true;
    return error;
  }

  function tooManyMessage(seconds) {
    var minutes = Math.ceil((Number(seconds) || 60) / 60);
    return minutes === 1 ? t("tooManyOneMinute") : t("tooManyMinutes", { minutes: minutes });
  }

  // One chat session is asked for at a time, however many callers wait for it: two would be two
  // conversations, and the first messages would land in the one the widget then forgets.
  var sessionOnItsWay = null;

  function ensureSession() {
    if (state.session) return Promise.resolve(state.session);
    if (!sessionOnItsWay) {
      sessionOnItsWay = fetchSession().then(
        function (session) {
          sessionOnItsWay = null;
          // Keep what is already shown: a first message typed while the session was on its way
          // is part of this conversation, and a reload must still show it.
          state = { session: session, messages: state.messages, open: state.open };
          save();
          return session;
        },
        function (error) {
          sessionOnItsWay = null;
          throw error;
        }
      );
    }
    return sessionOnItsWay;
  }

  function loadSocketIo() {
    if (window.io) return Promise.resolve(window.io);
    return new Promise(function (resolve, reject) {
      var tag = el("script", { src: assetBase + "socket.io.min.js" });
      tag.onload = function () {
        resolve(window.io);
      };
      tag.onerror = function () {
        reject(new Error("could not load the socket.io client"));
      };
      document.head.appendChild(tag);
    });
  }

  function requestSession() {
    confirmed = false;
    socket.emit("session_request", {
      session_id: state.session.conversation_id,
      token: state.session.token,
    });
  }

  // Opening the panel and sending a first message both connect: the second call while the first
  // is on its way must not open a second socket.
  var connecting = false;

  function connect() {
    if (socket || connecting) return;
    connecting = true;
    setStatus("connecting");
    Promise.all([ensureSession(), loadSocketIo()])
      .then(function (results) {
        connecting = false;
        var io = results[1];
        socket = io(config.rasaUrl, {
          path: config.socketPath,
          transports: ["websocket", "polling"],
          tryAllTransports: true,
        });
        socket.on("connect", requestSession);
        socket.on("session_confirm", function () {
          confirmed = true;
          renewedAfterRejection = false;
          setStatus("");
          var pending = outbox;
          outbox = [];
          pending.forEach(function (queued) {
            emitUserMessage(queued);
          });
        });
        socket.on("session_error", function (error) {
          // Expired or signed with a rotated secret: start a new conversation, once.
          if (!renewedAfterRejection) {
            renewedAfterRejection = true;
            state = { session: null, messages: [], open: state.open };
            log.textContent = "";
            // What the customer typed while being refused goes to the new conversation: keep it shown.
            outbox.forEach(function (queued) {
              if (queued.shown) addMessage({ from: "user", text: queued.shown });
            });
            // Turns already sent were refused: only the queued ones will be answered.
            pendingTurns = outbox.map(function (queued) {
              return queued.turn;
            });
            showTurns();
            save();
            ensureSession().then(requestSession, unavailable);
          } else {
            unavailable(error);
          }
        });
        socket.on("bot_uttered", function (data) {
          // More answers may follow in the same turn: the dots stay (below this one) until it ends.
          setTyping(pendingTurns.length > 0);
          var message = fromRasa(data || {});
          if (message) addMessage(message);
        });
        socket.on("bot_turn_done", function (data) {
          finishTurn(data && data.turn);
        });
        socket.on("disconnect", function () {
          confirmed = false;
          setStatus("reconnecting");
        });
        socket.on("connect_error", function () {
          setStatus("unreachable");
        });
      })
      .catch(function (error) {
        connecting = false;
        unavailable(error);
      });
  }

  function unavailable(error) {
    setTyping(false);
    dropTurns();
    setStatus(error && error.tooMany ? error.message : "unavailable");
    if (socket) {
      socket.close();
      socket = null;
    }
  }

  function emitUserMessage(queued) {
    var data = { message: queued.text, session_id: state.session.conversation_id, turn: queued.turn };
    // The language goes with every message: the assistant sets the conversation's language from it.
    var metadata = { locale: config.locale };
    Object.keys(queued.metadata || {}).forEach(function (name) {
      metadata[name] = queued.metadata[name];
    });
    data.metadata = metadata;
    socket.emit("user_uttered", data);
  }

  function sendMessage(text, shownAs) {
    text = String(text || "").trim();
    if (!text) return;
    answerOpenChoices();
    addMessage({ from: "user", text: shownAs || text });
    deliver({ text: text, shown: shownAs || text });
  }

  function deliver(queued) {
    queued.turn = startTurn();
    setTyping(true);
    if (socket && confirmed) emitUserMessage(queued);
    else {
      outbox.push(queued);
      connect();
    }
  }

  // ---- photos and videos ----

  function askForEvidence(request) {
    wantedKinds = [];
    (request.items || []).forEach(function (item) {
      for (var i = 0; i < Math.min(Number(item.missing || item.count) || 0, 10); i++) wantedKinds.push(String(item.kind));
    });
    attach.classList.toggle("rd-attach--wanted", wantedKinds.length > 0);
  }

  function problemDetail(xhr) {
    try {
      var problem = JSON.parse(xhr.responseText);
      if (problem && typeof problem.detail === "string" && problem.detail) return problem.detail;
    } catch (ignored) {
      /* not problem+json */
    }
    return null;
  }

  // A file's upload, shown as the customer's message with a progress bar; resolves with
  // {id} on success or {error, detail} when the service refused it (the customer's message).
  function uploadFile(file, kind) {
    var name = file.name || "photo";
    var item = el("li", { class: "rd-message rd-message--user rd-upload", "data-testid": "rd-upload" });
    var bubble = el("div", { class: "rd-bubble", text: "\ud83d\udcce " + name });
    var bar = el("progress", { class: "rd-progress", max: "100", value: "0", "aria-label": t("uploadingFile", { name: name }) });
    var note = el("div", { class: "rd-upload-note", role: "status", "data-testid": "rd-upload-status", text: t("uploading") });
    item.appendChild(el("span", { class: "rd-visually-hidden", text: t("you") }));
    item.appendChild(bubble);
    item.appendChild(bar);
    item.appendChild(note);
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });

    return new Promise(function (resolve) {
      function attempt() {
        bar.hidden = false;
        bar.value = 0;
        note.className = "rd-upload-note";
        note.textContent = t("uploading");
        var xhr = new XMLHttpRequest();
        xhr.open("POST", config.serviceUrl + EVIDENCE_PATH);
        xhr.setRequestHeader("Authorization", "Bearer " + state.session.token);
        xhr.setRequestHeader("Accept", "application/json");
        xhr.timeout = UPLOAD_TIMEOUT_MS;
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
        };
        xhr.onload = function () {
          if (xhr.status === 201 || xhr.status === 200) {
            var body = {};
            try {
              body = JSON.parse(xhr.responseText);
            } catch (ignored) {
              /* handled below */
            }
            if (body.evidence_id) return finish({ id: String(body.evidence_id) }, t("uploaded"), false);
          }
          if (xhr.status >= 400 && xhr.status < 500 && xhr.status !== 401 && xhr.status !== 408 && xhr.status !== 429) {
            var detail = problemDetail(xhr) || t("fileRefused");
            return finish({ error: "rejected", detail: detail }, detail, true);
          }
          failed(problemDetail(xhr) || t("uploadFailed"));
        };
        xhr.onerror = function () {
          failed(t("uploadOffline"));
        };
        xhr.ontimeout = xhr.onerror;
        var body = new FormData();
        body.append("file", file, name);
        if (kind) body.append("kind", kind);
        xhr.send(body);
      }

      function failed(text) {
        // Worth trying again (network, time-out, the service busy): the file is still here.
        bar.hidden = true;
        note.className = "rd-upload-note rd-upload-note--failed";
        note.textContent = text + " ";
        var retry = el("button", { type: "button", class: "rd-button rd-retry", "data-testid": "rd-retry", text: t("retry") });
        retry.setAttribute("aria-label", t("retryFile", { name: name }));
        retry.addEventListener("click", function () {
          attempt();
        });
        note.appendChild(retry);
        retry.focus();
      }

      function finish(result, text, isError) {
        bar.hidden = true;
        note.className = "rd-upload-note" + (isError ? " rd-upload-note--failed" : "");
        note.textContent = text;
        // Kept in the transcript as plain text, so a reload shows what was sent.
        state.messages.push({ from: "user", text: "\ud83d\udcce " + name, upload: { note: text, failed: isError } });
        save();
        resolve(result);
      }

      attempt();
    });
  }

  function uploadFiles(fileList) {
    var files = Array.prototype.slice.call(fileList || [], 0, MAX_FILES_PER_DROP);
    if (!files.length) return;
    setOpen(true, false);
    answerOpenChoices();
    ensureSession()
      .then(function () {
        connect();
        return Promise.all(
          files.map(function (file) {
            var kind = wantedKinds.length ? wantedKinds.shift() : null;
            return uploadFile(file, kind);
          })
        );
      })
      .then(function (results) {
        attach.classList.toggle("rd-attach--wanted", wantedKinds.length > 0);
        return results;
      })
      .then(function (results) {
        // One message for the whole batch: the assistant checks every id with the service.
        var ids = results.filter(function (r) { return r.id; }).map(function (r) { return r.id; });
        var errors = results.filter(function (r) { return r.error; }).map(function (r) { return r.detail; });
        if (!ids.length && !errors.length) return;
        var metadata = { evidence_ids: ids };
        if (errors.length) metadata.evidence_errors = errors;
        deliver({ text: "/provide_evidence", metadata: metadata });
      })
      .catch(unavailable);
  }

  attach.addEventListener("click", function () {
    fileInput.click();
  });
  camera.addEventListener("click", function () {
    cameraInput.click();
  });
  [fileInput, cameraInput].forEach(function (picker) {
    picker.addEventListener("change", function () {
      var files = Array.prototype.slice.call(picker.files || []);
      picker.value = ""; // the same file may be picked again after a failure
      uploadFiles(files);
    });
  });
  panel.addEventListener("dragover", function (event) {
    if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types || [], "Files") < 0) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    panel.classList.add("rd-dropping");
  });
  panel.addEventListener("dragleave", function (event) {
    if (!panel.contains(event.relatedTarget)) panel.classList.remove("rd-dropping");
  });
  panel.addEventListener("drop", function (event) {
    panel.classList.remove("rd-dropping");
    if (!event.dataTransfer || !event.dataTransfer.files || !event.dataTransfer.files.length) return;
    event.preventDefault();
    uploadFiles(event.dataTransfer.files);
  });

  function setContext(context) {
    // After a sign-in or sign-out without a page load: a session for someone else is dropped.
    config.context = context || null;
    if (belongsToPage(state)) return;
    restart(state.open);
  }

  function restart(keepOpen) {
    if (socket) {
      socket.close();
      socket = null;
    }
    confirmed = false;
    outbox = [];
    setTyping(false);
    dropTurns();
    var open = keepOpen !== false;
    state = { session: null, messages: [], open: open };
    save();
    log.textContent = "";
    if (open) {
      connect();
      input.focus();
    }
  }

  // ---- opening, closing, keyboard ----

  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    panel.hidden = !open;
    root.classList.toggle("rd-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", t(open ? "closeChatTitled" : "openChat", { title: config.title }));
    if (open) {
      connect();
      if (moveFocus) input.focus();
    } else if (moveFocus) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () {
    setOpen(panel.hidden, true);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false, true);
  });
  restartButton.addEventListener("click", function () {
    restart(true);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false, true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendMessage(input.value);
    input.value = "";
    input.focus();
  });

  function mount() {
    showTurns();
    document.body.appendChild(root);
    state.messages.forEach(render);
    setStatus("");
    // A stored conversation reconnects at once so answers still in flight arrive.
    if (state.open) setOpen(true, false);
    else if (state.session) connect();
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.ReturnDeskWidget = {
    open: function () {
      setOpen(true, true);
    },
    close: function () {
      setOpen(false, true);
    },
    send: sendMessage,
    // The words per language, read-only for the shop page and the tests.
    messages: JSON.parse(JSON.stringify(MESSAGES)),
    restart: function () {
      restart(true);
    },
    setContext: setContext,
    setLocale: setLocale,
    upload: uploadFiles,
    config: config,
  };
})();
