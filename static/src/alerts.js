// "I have read this alert" without leaving the page: the banner sits above whatever the worker
// is typing (a custody contact, an assessment), so the acknowledgement is posted in the
// background and only that alert is removed; the form below keeps every character. Without
// JavaScript the button still works: the server records it and returns to the same page.
// A failed post falls back to the ordinary submit, so the acknowledgement is never lost.

export function initAlertAcknowledge (root = document) {
  root.querySelectorAll('form[data-module="app-alert-acknowledge"]').forEach((form) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const button = form.querySelector('button')
      if (button) button.disabled = true
      fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' }
      })
        .then((response) => {
          if (!response.ok) return Promise.reject(response.status)
          acknowledged(form)
        })
        .catch(() => { form.submit() })
    })
  })
}

function acknowledged (form) {
  const alert = form.closest('.app-drug-alert')
  const banner = form.closest('.app-drug-alerts')
  const title = alert ? alert.querySelector('.govuk-notification-banner__heading') : null
  const status = document.getElementById('app-alert-status')
  if (status) status.textContent = `Drug alert acknowledged${title ? ': ' + title.textContent : ''}.`
  if (alert) alert.remove()
  if (banner && !banner.querySelector('.app-drug-alert')) banner.remove()
}
