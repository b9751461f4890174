// Save as you go: a form marked data-module="app-autosave" is posted in the background a
// moment after the worker stops typing or changes an answer, and when the page is hidden
// (tab closed, phone locked). The server keeps answers as typed, valid or not, so closing
// the browser loses nothing. Progressive enhancement: without JavaScript the buttons save.

const DELAY_MS = 1500

function autosave (form) {
  const status = document.querySelector('.app-autosave-status')
  let timer = null
  let dirty = false

  function send (useBeacon) {
    if (!dirty) return
    dirty = false
    const body = new FormData(form)
    body.append('autosave', '1')
    if (useBeacon && navigator.sendBeacon) {
      navigator.sendBeacon(form.action || window.location.href, body)
      return
    }
    fetch(form.action || window.location.href, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'fetch' }
    }).then((response) => {
      if (status) {
        status.textContent = response.ok
          ? 'Saved at ' + new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
          : 'Not saved: check your connection. Your answers are still on this page.'
      }
      if (!response.ok) dirty = true
    }).catch(() => {
      dirty = true
      if (status) status.textContent = 'Not saved: check your connection. Your answers are still on this page.'
    })
  }

  function changed () {
    dirty = true
    window.clearTimeout(timer)
    timer = window.setTimeout(() => send(false), DELAY_MS)
  }

  form.addEventListener('input', changed)
  form.addEventListener('change', changed)
  form.addEventListener('submit', () => { dirty = false; window.clearTimeout(timer) })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') send(true)
  })
}

export function initAutosave (root = document) {
  root.querySelectorAll('form[data-module="app-autosave"]').forEach(autosave)
}
