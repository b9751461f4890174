// Keep a list up to date without a page reload: an element marked data-module="app-refresh"
// fetches its data-refresh-url every data-refresh-seconds and replaces only its own content,
// so anything typed elsewhere on the page, and the worker's scroll position, are kept. It
// pauses while the tab is hidden and never replaces content that holds the keyboard focus.
// Its requests say they are the page's own (X-App-Background), not a person's activity: they
// never keep an unattended session alive. Once the session has ended (401) the page reloads,
// which shows the sign-in page instead of people's names.

export function initRefresh (root = document) {
  root.querySelectorAll('[data-module="app-refresh"]').forEach((region) => {
    const url = region.dataset.refreshUrl
    const seconds = Math.max(2, parseInt(region.dataset.refreshSeconds || '30', 10))
    window.setInterval(() => {
      if (document.hidden || region.contains(document.activeElement)) return
      fetch(url, {
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', 'X-App-Background': 'refresh' }
      })
        .then((response) => {
          if (response.status === 401) window.location.reload()
          return response.ok ? response.text() : Promise.reject(response.status)
        })
        .then((html) => { region.innerHTML = html })
        .catch(() => {}) // keep showing the last list; the next tick tries again
    }, seconds * 1000)
  })
}
