// The search box of search.html: MiniSearch (minisearch.min.js) over window.TIPLAKE_PAGES
// (search-index.js: one entry a page, tiplake/site/search.py). Ranked by relevance (BM25: a
// word in the title counts 4 times, in the keywords twice; an answer page and an indicator's
// page count more than a claim's: FOR_A_YEAR, FOR_A_SERIES); every word must match (AND), and
// if no page has them all, any may (OR). The last word is also read as a prefix, a word of 5
// letters or more allows one typo. Words are read alike in the pages and in the query: lower
// case, numbers whole (2,054 is 2054), a light English suffix normaliser (convictions,
// conviction and convicted are one word) and no stop words.
(function () {
  'use strict';
  var STOP = new Set(('a an and are as at be by for from has have in into is it its of on or ' +
    'that the their this to was were which with').split(' '));
  var SPELLING = { labour: 'labor' };
  // The pages that answer a question before the claims they are made of, which match the same
  // words: a query that names a year asks for a figure (an answer page, one indicator in one
  // year), any other for a series (an indicator's page).
  var YEAR = /(^|\D)(19|20)\d\d(\D|$)/;
  var FOR_A_YEAR = { answer: 1.5, indicator: 1.25 };
  var FOR_A_SERIES = { indicator: 1.5, answer: 1.25 };
  // A token: letters and digits, with . , ' or ’ between them (2,054  1.5  government's).
  var TOKEN = /[\p{L}\p{N}]+(?:[.,'\u2019][\p{L}\p{N}]+)*/gu;

  function tokenize(text) {
    return text.match(TOKEN) || [];
  }

  // convictions, conviction, convicted -> convict; victims -> victim; identified -> identify
  function stem(w) {
    if (w.length <= 3 || /\d/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/[^siu]s$/.test(w)) w = w.slice(0, -1);
    if (/ied$/.test(w) && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (/eed$/.test(w)) return w;
    else if (/ed$/.test(w) && w.length >= 6) w = w.slice(0, -2);
    else if (/ing$/.test(w) && w.length >= 7) w = w.slice(0, -3);
    if (/[st]ion$/.test(w) && w.length >= 7) w = w.slice(0, -3);
    if (/e$/.test(w) && w.length >= 5) w = w.slice(0, -1);
    return w;
  }

  function processTerm(token) {
    var t = token.toLowerCase();
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return t.replace(/,/g, ''); // 2,054 -> 2054
    if (/^(\p{L}\.)+\p{L}\.?$/u.test(t)) return t.replace(/\./g, ''); // U.S. -> us
    var words = t.replace(/['\u2019]s$/, '').split(/[,'\u2019]|\.(?!\d)/);
    var terms = [];
    words.forEach(function (w) {
      w = SPELLING[w] || w;
      if (w && !STOP.has(w)) terms.push(stem(w));
    });
    return terms.length === 1 ? terms[0] : terms.length ? terms : null;
  }

  var pages = window.TIPLAKE_PAGES;
  var search = new MiniSearch({
    fields: ['title', 'keywords', 'text'],
    storeFields: ['url', 'title', 'kind'],
    tokenize: tokenize,
    processTerm: processTerm,
    searchOptions: {
      boost: { title: 4, keywords: 2, text: 1 },
      prefix: function (term, i, terms) { return i === terms.length - 1 && term.length > 1; },
      fuzzy: function (term) { return term.length >= 5 && !/\d/.test(term) ? 1 : false; }
    }
  });
  search.addAll(pages);

  function find(query, combineWith) {
    var boost = YEAR.test(query) ? FOR_A_YEAR : FOR_A_SERIES;
    return search.search(query, {
      combineWith: combineWith,
      boostDocument: function (id, term, stored) { return boost[stored.kind] || 1; }
    });
  }

  // The page's text around the first word that matched, that word marked.
  function snippet(page, matched) {
    var text = page.text, m, span = null, el = document.createElement('span');
    TOKEN.lastIndex = 0;
    while (!span && (m = TOKEN.exec(text))) {
      var terms = [].concat(processTerm(m[0]) || []);
      if (terms.some(function (t) { return matched.has(t); })) span = [m.index, m.index + m[0].length];
    }
    if (!span) span = [0, 0];
    var start = Math.max(0, span[0] - 70), end = Math.min(text.length, span[1] + 130);
    if (start > 0) start = text.indexOf(' ', start) + 1;
    if (end < text.length) end = Math.max(span[1], text.lastIndexOf(' ', end));
    el.className = 'snippet';
    el.append((start > 0 ? '…' : '') + text.slice(start, span[0]));
    if (span[1] > span[0]) {
      var mark = document.createElement('mark');
      mark.textContent = text.slice(span[0], span[1]);
      el.append(mark);
    }
    el.append(text.slice(span[1], end) + (end < text.length ? '…' : ''));
    return el;
  }

  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var count = document.getElementById('count');
  var SHOWN = 100;

  function run() {
    var query = input.value.trim();
    list.textContent = '';
    count.textContent = '';
    if (!query) return;
    var found = find(query, 'AND');
    var every = found.length > 0;
    if (!every) found = find(query, 'OR');
    count.textContent = (found.length === 1 ? '1 page' : found.length + ' pages') +
      (found.length && !every ? ' with some of these words (none has them all)' : '') +
      (found.length > SHOWN ? ', the first ' + SHOWN + ' shown' : '');
    found.slice(0, SHOWN).forEach(function (r) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.title || r.url;
      var kind = document.createElement('small');
      kind.textContent = ' ' + r.kind;
      li.append(a, kind, document.createElement('br'), snippet(pages[r.id], new Set(Object.keys(r.match))));
      list.appendChild(li);
    });
  }

  input.value = new URLSearchParams(window.location.search).get('q') || '';
  input.addEventListener('input', run);
  input.form.addEventListener('submit', function (event) {
    event.preventDefault();
    try { // file:// pages may not be allowed to change their address
      history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    } catch (e) { /* the results are shown all the same */ }
    run();
  });
  run();
})();
