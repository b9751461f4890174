// Front-end entry point, bundled by scripts/build-assets.mjs (esbuild) to
// static/dist/app.js and loaded at the end of <body> as:
//
//   <script type="module" src="/static/dist/app.js"></script>
//
// GOV.UK Frontend's page template normally adds the `js-enabled` and
// `govuk-frontend-supported` classes with an inline <script>. Our Content
// Security Policy forbids 'unsafe-inline', so this bundle does it instead,
// and must do so before either initAll() runs: both libraries refuse to
// initialise components unless <body> has `govuk-frontend-supported`.
import { initAll as initGovukFrontend } from 'govuk-frontend'
import { initAll as initMojFrontend } from '@ministryofjustice/frontend'
import { initAlertAcknowledge } from './alerts.js'
import { initAutosave } from './autosave.js'
import { initPrintButtons } from './print.js'
import { initRefresh } from './refresh.js'
import { initReveals } from './reveal.js'

function markBodySupport() {
  const { body } = document
  body.classList.add('js-enabled')
  if ('noModule' in HTMLScriptElement.prototype) {
    body.classList.add('govuk-frontend-supported')
  }
}

function init() {
  markBodySupport()
  initGovukFrontend()
  initMojFrontend()
  initAutosave()
  initAlertAcknowledge()
  initRefresh()
  initPrintButtons()
  initReveals()
}

// Module scripts are deferred, so the DOM is normally parsed already but
// DOMContentLoaded has not fired yet; cover both cases.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init, { once: true })
} else {
  init()
}
