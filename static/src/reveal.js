// Conditional reveals without aria-expanded (issue 23; decisions 0018 and 0030).
//
// A question that follows an answer sits in GOV.UK's conditional block under that answer
// (templates/gds/layout/conditional_question.html). GOV.UK Frontend's radios script would
// reveal it, but it sets aria-expanded on the radio, which ARIA does not allow on a radio
// (axe-core: aria-allowed-attr). So the block carries no data-aria-controls (the GOV.UK script
// leaves it alone) and this script shows only the block under the chosen answer. Without
// JavaScript every block is shown (GOV.UK's hidden class applies only under
// .govuk-frontend-supported), and the server clears answers under another choice either way.

const HIDDEN = 'govuk-radios__conditional--hidden'

function blockOf(input) {
  const next = input.closest('.govuk-radios__item')?.nextElementSibling
  return next && next.classList.contains('govuk-radios__conditional') ? next : null
}

function sync(group) {
  for (const input of group.querySelectorAll('input.govuk-radios__input')) {
    const block = blockOf(input)
    if (block) block.classList.toggle(HIDDEN, !input.checked)
  }
}

export function initReveals(root = document) {
  for (const group of root.querySelectorAll('.govuk-radios')) {
    if (!group.querySelector(':scope > .govuk-radios__conditional')) continue
    sync(group)
    group.addEventListener('change', () => sync(group))
  }
}
