// "Print the notice": a button that opens the browser's print dialogue. It is in the page
// hidden, and shown only here, so that without JavaScript no button is there that does nothing
// (the page says to print it either way).

export function initPrintButtons (root = document) {
  root.querySelectorAll('[data-module="app-print"]').forEach((wrapper) => {
    const button = wrapper.querySelector('button')
    if (!button) return
    button.addEventListener('click', () => { window.print() })
    wrapper.hidden = false
  })
}
