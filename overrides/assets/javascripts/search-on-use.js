// Search costs nothing until it is used (issue 14). As it runs, Material's bundle starts its search worker
// (which then loads lunr) and downloads the search index, on every page view. This script runs just before
// the bundle (overrides/main.html) and holds both back until the reader first opens or focuses search.
// Material's code is left as it is: only the browser objects it calls are wrapped.
(() => {
  "use strict"
  const INDEX = /\/search\/search_index\.js(?:on)?(?:[?#]|$)/
  const waiting = []
  // A page opened from a search result highlights the words it was found by (?h=, search.highlight):
  // that needs the index at once.
  let used = new URLSearchParams(location.search).has("h")

  const whenUsed = (run) => (used ? run() : waiting.push(run))
  const use = () => {
    if (!used) {
      used = true
      waiting.splice(0).forEach((run) => run())
    }
  }

  // First use: the search field gets focus (click, tap, keyboard shortcut) or the search toggle opens.
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("[data-md-component=search-query]")) use()
  })
  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-md-toggle=search]") && event.target.checked) use()
  })

  // The worker: created on its first message. Material sends the index as the first one, which is held
  // back below until search is used. Offline, the Worker here is the iframe shim's (loaded in <head>).
  const RealWorker = window.Worker
  if (RealWorker) {
    window.Worker = class extends EventTarget {
      constructor(url, options) {
        super()
        this.start = () => {
          const worker = new RealWorker(url, options)
          for (const type of ["message", "messageerror", "error"]) {
            worker.addEventListener(type, (event) => {
              const copy = new event.constructor(type, event)
              this.dispatchEvent(copy)
              if (typeof this[`on${type}`] === "function") this[`on${type}`](copy)
            })
          }
          return worker
        }
      }
      postMessage(...message) {
        if (this.ended) return
        this.worker = this.worker || this.start()
        this.worker.postMessage(...message)
      }
      terminate() {
        this.ended = true
        if (this.worker) this.worker.terminate()
      }
    }
  }

  // The index over http: Material's XMLHttpRequest for search_index.json is sent on first use.
  const held = new WeakSet()
  const { open, send } = XMLHttpRequest.prototype
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (INDEX.test(String(url))) held.add(this)
    return open.call(this, method, url, ...rest)
  }
  XMLHttpRequest.prototype.send = function (...body) {
    if (!held.has(this)) return send.apply(this, body)
    // Unless it was aborted meanwhile (send would throw).
    whenUsed(() => this.readyState === XMLHttpRequest.OPENED && send.apply(this, body))
  }

  // The index from file:// (the offline zip): Material adds <script src="search/search_index.js"> to <head>.
  const head = document.head
  const appendChild = head.appendChild
  head.appendChild = function (node) {
    if (node.src && INDEX.test(node.src) && !used) {
      waiting.push(() => appendChild.call(head, node))
      return node
    }
    return appendChild.call(this, node)
  }
})()
