/* The idle-timeout warning. The server decides when a session ends (portico/accounts/sessions.py); this only
   warns a little before, asking the server first how much time is really left — the person may be busy in
   another tab — and lets the person stay signed in (a POST to the keep-alive endpoint) or sign out.

   The dialog is a native <dialog> opened with showModal(): focus moves into it and stays there, Escape means
   "Stay signed in". Requests this script makes on its own carry X-Portico-Background: 1 and are not activity. */
(function () {
  "use strict";
  const dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  const BACKGROUND = { "X-Portico-Background": "1", Accept: "application/json" };
  const statusUrl = dialog.dataset.statusUrl;
  const loginUrl = dialog.dataset.loginUrl;
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const keepAlive = dialog.querySelector("form[data-keep-alive]");
  const stayButton = keepAlive.querySelector("button");
  const signOutButton = dialog.querySelector("form[data-sign-out] button");
  const countdown = dialog.querySelector("[data-countdown]");
  const idleText = dialog.querySelector("[data-idle-text]");
  const maxText = dialog.querySelector("[data-max-text]");

  let deadline = Date.now() + idleMs; // when the server signs the person out, as far as this page knows
  let checkTimer = null;
  let tickTimer = null;
  let returnFocus = null;

  function here() {
    return window.location.pathname + window.location.search;
  }

  function goToSignIn(status) {
    window.location.assign(status && status.login_url ? status.login_url : loginUrl + "?next=" + encodeURIComponent(here()));
  }

  function schedule(delay) {
    window.clearTimeout(checkTimer);
    const wait = delay === undefined ? deadline - warningMs - Date.now() : delay;
    checkTimer = window.setTimeout(check, Math.max(0, wait));
  }

  function format(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    const left = deadline - Date.now();
    countdown.textContent = format(left);
    if (left <= 0) {
      window.clearInterval(tickTimer);
      tickTimer = null;
      check();
    }
  }

  function show(atMaximum) {
    idleText.hidden = atMaximum;
    maxText.hidden = !atMaximum;
    keepAlive.hidden = atMaximum;
    tick();
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
      (atMaximum ? signOutButton : stayButton).focus();
    }
    if (tickTimer === null) {
      tickTimer = window.setInterval(tick, 1000);
    }
  }

  function hide() {
    if (tickTimer !== null) {
      window.clearInterval(tickTimer);
      tickTimer = null;
    }
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  }

  function applyStatus(status) {
    if (!status.signed_in) {
      goToSignIn(status);
      return;
    }
    const idleLeft = status.idle_seconds_left * 1000;
    const maxLeft = status.max_seconds_left * 1000;
    deadline = Date.now() + Math.min(idleLeft, maxLeft);
    if (deadline - Date.now() > warningMs + 1000) {
      hide(); // active elsewhere (another tab), or just kept alive
      schedule();
    } else if (deadline <= Date.now()) {
      schedule(2000); // the server is about to end it; ask again
    } else {
      show(maxLeft <= idleLeft);
    }
  }

  function readStatus(response) {
    const type = response.headers.get("Content-Type") || "";
    if ((response.ok || response.status === 401) && type.indexOf("application/json") === 0) {
      return response.json();
    }
    throw new Error("no session status");
  }

  function check() {
    fetch(statusUrl, { headers: BACKGROUND, credentials: "same-origin", cache: "no-store" })
      .then(readStatus)
      .then(applyStatus)
      .catch(function () {
        if (Date.now() >= deadline) {
          window.location.reload(); // the server answers the page with the sign-in page if it ended
        } else {
          schedule(Math.min(30000, Math.max(1000, deadline - Date.now())));
        }
      });
  }

  keepAlive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepAlive.action, {
      method: "POST",
      body: new FormData(keepAlive),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(readStatus)
      .then(applyStatus)
      .catch(function () {
        keepAlive.submit(); // without the answer, post the form the ordinary way
      });
  });

  dialog.addEventListener("cancel", function (event) {
    // Escape: stay signed in (when that is still possible), never a silent close that leaves the timer running.
    event.preventDefault();
    if (!keepAlive.hidden) {
      keepAlive.requestSubmit();
    }
  });

  // The person's own htmx requests (a search, a page of the roster) are activity on the server: start over.
  document.addEventListener("htmx:afterRequest", function (event) {
    const headers = (event.detail.requestConfig && event.detail.requestConfig.headers) || {};
    if (headers["X-Portico-Background"] !== "1" && event.detail.successful) {
      deadline = Date.now() + idleMs;
      if (!dialog.open) {
        schedule();
      }
    }
  });

  // A tab coming back from the background (or from the back-forward cache) asks where things stand.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && Date.now() >= deadline - warningMs) {
      check();
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      check();
    }
  });

  schedule();
})();
