// Client-side search over window.TIPLAKE_INDEX: every word typed must occur in an entry.
(function () {
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var count = document.getElementById('count');
  var params = new URLSearchParams(window.location.search);
  input.value = params.get('q') || '';
  function run() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = '';
    if (!words.length) { count.textContent = ''; return; }
    var found = window.TIPLAKE_INDEX.filter(function (e) {
      var text = (e.t + ' ' + e.k + ' ' + e.s).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    count.textContent = found.length + (found.length === 1 ? ' result' : ' results');
    found.slice(0, 200).forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.u;
      a.textContent = e.t;
      var small = document.createElement('small');
      small.textContent = ' (' + e.k + ')';
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    });
  }
  input.addEventListener('input', run);
  run();
})();
