#!/usr/bin/env node
// Front-end asset build: `npm run build` (after `npm ci`), run from the
// project root. Writes everything under static/dist/, which Django serves as
// /static/dist/ (and which is git-ignored):
//
//   static/dist/app.css              static/src/app.scss, dart-sass, compressed
//   static/dist/app.js               static/src/app.js, esbuild bundle, ESM, minified
//   static/dist/assets/images/       GOV.UK Frontend + MOJ Frontend images
//   static/dist/assets/manifest.json GOV.UK Frontend web app manifest
//
// GOV.UK Frontend's fonts (GDS Transport) are deliberately NOT copied: the
// font is reserved for GOV.UK services. The build fails (non-zero exit) on any
// error, including CSS that mentions GDS Transport / @font-face, or that
// references an asset outside /static/dist/assets/ or one that was not copied.

import { performance } from 'node:perf_hooks'
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import * as esbuild from 'esbuild'
import * as sass from 'sass'

const started = performance.now()

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = path.join(root, 'node_modules')
const srcDir = path.join(root, 'static', 'src')
const distDir = path.join(root, 'static', 'dist')
const assetsDir = path.join(distDir, 'assets')
const imagesDir = path.join(assetsDir, 'images')

// URL prefix that Django serves static/dist/ under; must match the
// $moj-assets-path setting in static/src/app.scss.
const ASSETS_URL = '/static/dist/assets/'

const govukAssets = path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'assets')
const mojAssets = path.join(nodeModules, '@ministryofjustice', 'frontend', 'moj', 'assets')

const rel = (p) => path.relative(root, p)
const written = []

class BuildError extends Error {}

async function main() {
  for (const dir of [govukAssets, mojAssets]) {
    if (!existsSync(dir)) {
      throw new BuildError(`${rel(dir)} not found: run \`npm ci\` first`)
    }
  }

  // Start from a clean output folder so nothing stale is ever served.
  await rm(distDir, { recursive: true, force: true })
  await mkdir(imagesDir, { recursive: true })

  await copyAssets()
  await buildCss()
  await buildJs()
  await report()
}

// --- Static assets --------------------------------------------------------

async function copyAssets() {
  // GOV.UK Frontend: images (favicon, app icons, crest, ...), never fonts/.
  await copyImages(path.join(govukAssets, 'images'), imagesDir)

  const manifest = path.join(govukAssets, 'manifest.json')
  if (existsSync(manifest)) {
    await copyFile(manifest, path.join(assetsDir, 'manifest.json'))
  }

  // GOV.UK Frontend 5.x kept the 2025 rebrand assets in a separate folder
  // (6.x ships them as the default images); copy it as-is if present.
  const rebrand = path.join(govukAssets, 'rebrand')
  if (existsSync(rebrand)) {
    await copyTree(rebrand, path.join(assetsDir, 'rebrand'), (name) => name !== 'fonts')
  }

  // MOJ Frontend: its images go to the same folder, because its Sass sets
  // $govuk-images-path and $moj-images-path to the same "<assets>/images/".
  const mojImages = path.join(mojAssets, 'images')
  if (existsSync(mojImages)) {
    await copyImages(mojImages, imagesDir)
  }
}

async function copyImages(from, to) {
  if (!existsSync(from)) {
    throw new BuildError(`${rel(from)} not found`)
  }
  await copyTree(from, to, (name) => name !== 'fonts')
}

async function copyTree(from, to, include) {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (!include(entry.name)) continue
    const src = path.join(from, entry.name)
    const dest = path.join(to, entry.name)
    if (entry.isDirectory()) {
      await copyTree(src, dest, include)
    } else if (entry.isFile() && !entry.name.endsWith('.map')) {
      await copyFile(src, dest)
    }
  }
}

async function copyFile(src, dest) {
  if (existsSync(dest)) {
    // Two packages shipping the same file name: only fine if identical.
    const [a, b] = await Promise.all([readFile(src), readFile(dest)])
    if (!a.equals(b)) {
      throw new BuildError(`asset name clash: ${rel(src)} would overwrite a different ${rel(dest)}`)
    }
    return
  }
  await cp(src, dest)
  written.push(dest)
}

// --- CSS ------------------------------------------------------------------

// GOV.UK Frontend reports its own deprecations with @warn (not Sass
// deprecations, so `quietDeps` does not cover them). When the deprecated API is
// called from inside a library (e.g. MOJ Frontend using a GOV.UK mixin that is
// deprecated), there is nothing we can change, so those are counted, not
// printed. Anything whose call site is in our own Sass is printed in full.
let suppressedLibraryWarnings = 0

function isLibraryInternal(stack) {
  if (!stack) return false
  const frames = stack
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const firstOwn = frames.findIndex((frame) => !frame.startsWith('node_modules/'))
  if (firstOwn <= 0) return false
  // The frame just above our first own frame is a library module being loaded
  // (`@use` / `@forward`), i.e. the warning came from evaluating library code,
  // not from one of our @include / function calls.
  return /\s@(use|forward|import)$/.test(frames[firstOwn - 1])
}

const sassLogger = {
  warn(message, { deprecation, deprecationType, span, stack }) {
    if (!deprecation && isLibraryInternal(stack)) {
      suppressedLibraryWarnings += 1
      return
    }
    const kind = deprecation ? `Deprecation${deprecationType ? ` [${deprecationType.id}]` : ''}` : 'Warning'
    const where = span?.url ? `${rel(fileURLToPath(span.url))}:${span.start.line + 1}` : ''
    const location = stack ? `\n${indent(stack)}` : where ? `\n    at ${where}` : ''
    console.warn(`sass ${kind}: ${message}${location}`)
  },
  debug(message, { span }) {
    const where = span?.url ? `${rel(fileURLToPath(span.url))}:${span.start.line + 1}` : ''
    console.warn(`sass debug ${where}: ${message}`)
  },
}

const indent = (text) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')

async function buildCss() {
  const entry = path.join(srcDir, 'app.scss')
  const outFile = path.join(distDir, 'app.css')

  const result = await sass.compileAsync(entry, {
    style: 'compressed',
    // The project root is needed as a load path: MOJ Frontend loads GOV.UK
    // Frontend as "node_modules/govuk-frontend/dist/govuk/base".
    loadPaths: [root, nodeModules],
    importers: [new sass.NodePackageImporter(root)],
    // Silence Sass deprecation warnings raised inside the libraries only.
    quietDeps: true,
    logger: sassLogger,
  })

  const css = result.css
  checkCss(css)
  await writeFile(outFile, css)
  written.push(outFile)
  await checkCssAssetUrls(css)

  if (suppressedLibraryWarnings) {
    console.log(
      `sass: ${suppressedLibraryWarnings} deprecation warning(s) raised inside GOV.UK/MOJ Frontend were not printed`,
    )
  }
}

function checkCss(css) {
  const problems = []
  if (/GDS Transport/i.test(css)) problems.push('mentions "GDS Transport"')
  if (/@font-face/i.test(css)) problems.push('contains @font-face')
  if (!/arial/i.test(css)) problems.push('does not use Arial')
  for (const selector of ['govuk-header', 'moj-primary-navigation', 'moj-filter', 'moj-timeline']) {
    if (!css.includes(`.${selector}`)) problems.push(`has no .${selector} styles`)
  }
  if (problems.length) {
    throw new BuildError(`static/dist/app.css ${problems.join('; ')}`)
  }
}

async function checkCssAssetUrls(css) {
  const urls = new Set()
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    const url = match[2]
    if (url.startsWith('data:') || url.startsWith('#')) continue
    urls.add(url)
  }
  const problems = []
  for (const url of urls) {
    if (!url.startsWith(ASSETS_URL)) {
      problems.push(`${url} is outside ${ASSETS_URL}`)
      continue
    }
    const file = path.join(assetsDir, url.slice(ASSETS_URL.length).split(/[?#]/)[0])
    if (!existsSync(file)) problems.push(`${url} -> ${rel(file)} does not exist`)
  }
  if (problems.length) {
    throw new BuildError(`static/dist/app.css references missing/unexpected assets:\n  ${problems.join('\n  ')}`)
  }
  console.log(`css: ${urls.size} asset URL(s), all under ${ASSETS_URL} and present`)
}

// --- JavaScript -----------------------------------------------------------

async function buildJs() {
  const outFile = path.join(distDir, 'app.js')
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(srcDir, 'app.js')],
    outfile: outFile,
    bundle: true,
    // Loaded as <script type="module">.
    format: 'esm',
    platform: 'browser',
    target: ['es2018'],
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'silent',
  })
  for (const warning of result.warnings) {
    console.warn(`esbuild warning: ${warning.text}`)
  }
  const js = await readFile(outFile, 'utf8')
  if (!js.trim()) throw new BuildError('static/dist/app.js is empty')
  if (/\beval\s*\(|\bnew Function\s*\(/.test(js)) {
    throw new BuildError("static/dist/app.js uses eval/new Function (blocked by our CSP without 'unsafe-eval')")
  }
  written.push(outFile)
}

// --- Report ---------------------------------------------------------------

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`
  return `${(bytes / 1024).toFixed(1)} KiB`
}

async function report() {
  const rows = await Promise.all(
    [...new Set(written)].sort().map(async (file) => [rel(file), (await stat(file)).size]),
  )
  const width = Math.max(...rows.map(([name]) => name.length))
  console.log('wrote:')
  let total = 0
  for (const [name, size] of rows) {
    total += size
    console.log(`  ${name.padEnd(width)}  ${formatSize(size).padStart(10)}`)
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`${rows.length} files, ${formatSize(total)} in ${seconds}s`)
}

try {
  await main()
} catch (error) {
  if (error instanceof BuildError) {
    console.error(`build failed: ${error.message}`)
  } else if (error instanceof sass.Exception) {
    console.error(`build failed: Sass error\n${error.message}`)
  } else if (error?.errors && error?.warnings) {
    // esbuild has already formatted its messages.
    const messages = await esbuild.formatMessages(error.errors, { kind: 'error' })
    console.error(`build failed: esbuild error\n${messages.join('\n')}`)
  } else {
    console.error('build failed:', error)
  }
  process.exitCode = 1
}
