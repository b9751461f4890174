// Keep a list up to date without a page reload: an element marked data-module="app-refresh"
// fetches its data-refresh-url every data-refresh-seconds and replaces only its own content,
// so anything typed elsewhere on the page, and the worker's scroll position, are kept. It
// pauses while the tab is hidden and never replaces content that holds the keyboard focus.

export function initRefresh (root = document) {
  root.querySelectorAll('[data-module="app-refresh"]').forEach((region) => {
    const url = region.dataset.refreshUrl
    const seconds = Math.max(2, parseInt(region.dataset.refreshSeconds || '30', 10))
    window.setInterval(() => {
      if (document.hidden || region.contains(document.activeElement)) return
      fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => { region.innerHTML = html })
        .catch(() => {}) // keep showing the last list; the next tick tries again
    }, seconds * 1000)
  })
}
