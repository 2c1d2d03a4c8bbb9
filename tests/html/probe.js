/* Appended by tests/html.sh to a copy of an HTML report, after the report's
 * own script: reads what the browser rendered and writes it as lines into a
 * <pre id="probe">, which `chromium --dump-dom` then shows. Uses the page as
 * a person would: the filters are changed through their controls. */
(function () {
  'use strict';
  var out = [], i, k;
  var findings = document.querySelectorAll('article.finding');
  var rule = document.getElementById('filter-rule');
  var levels = document.querySelectorAll('input.filter-level');

  function shown(el) {
    return el.getClientRects().length > 0;
  }
  function text(el) {
    return el ? el.textContent : '(missing)';
  }
  function visibleCount(rule, level) {
    var n = 0, others = 0;
    for (var j = 0; j < findings.length; j++) {
      var f = findings[j];
      var match = (!rule || f.getAttribute('data-rule') === rule) &&
        (!level || f.getAttribute('data-level') === level);
      if (shown(f)) {
        if (match) n++;
        else others++;
      }
    }
    return 'shown=' + n + ' others=' + others;
  }

  /* As loaded: the URL fragment may have chosen filters. */
  out.push('initial rule=' + rule.value + ' ' + visibleCount(rule.value, null));
  out.push('filters ' + (shown(document.getElementById('filters')) ? 'shown' : 'hidden'));

  function choose(ruleValue, level) {
    rule.value = ruleValue;
    rule.dispatchEvent(new Event('change'));
    for (var j = 0; j < levels.length; j++) {
      var on = !level || levels[j].value === level;
      if (levels[j].checked !== on) {
        levels[j].checked = on;
        levels[j].dispatchEvent(new Event('change'));
      }
    }
  }
  choose('', null);

  /* Every finding, and every step drawn in its excerpt (in step order): under
   * which line of which file, with the step's badge on that line. */
  for (i = 0; i < findings.length; i++) {
    var a = findings[i];
    out.push('finding ' + a.getAttribute('data-rule') + ' ' + a.getAttribute('data-level') + ' ' +
      text(a.querySelector('.where .loc')) + ' ' + text(a.querySelector('.msg .text')));
    var parts = a.querySelectorAll('.fname, table.src tr'), file = '?', line = '?', row = null, steps = [];
    for (k = 0; k < parts.length; k++) {
      var p = parts[k];
      if (p.className === 'fname') {
        file = p.textContent;
        line = '?';
        row = null;
      } else if (/(^| )line( |$)/.test(p.className)) {
        line = text(p.querySelector('td.ln'));
        row = p;
      } else if (/(^| )step( |$)/.test(p.className)) {
        var n = text(p.querySelector('.badge')), badge = false;
        var badges = row ? row.querySelectorAll('.badge') : [];
        for (var b = 0; b < badges.length; b++) badge = badge || badges[b].textContent === n;
        steps.push({ n: +n, line: '  step ' + n + ' ' + file + ':' + line + ' ' + text(p.querySelector('.text')) +
          (badge ? '' : ' (no badge on its line)') + (shown(p) ? '' : ' (not shown)') });
      }
    }
    steps.sort(function (x, y) { return x.n - y.n; });
    for (k = 0; k < steps.length; k++) out.push(steps[k].line);
    /* Related locations: linked from the message to their bubble in the excerpt. */
    var links = a.querySelectorAll('.msg .related a');
    for (k = 0; k < links.length; k++) {
      var target = document.getElementById(links[k].getAttribute('href').slice(1));
      var ok = target && a.contains(target) && shown(target) &&
        text(target.querySelector('.text')) === links[k].textContent;
      out.push('  related ' + links[k].textContent + (ok ? '' : ' (its link leads nowhere it should)'));
    }
    if (a.querySelector('.assumed')) out.push('  assumed ' + text(a.querySelector('.assumed')));
    var caveats = a.querySelectorAll('.caveats li');
    for (k = 0; k < caveats.length; k++) out.push('  caveat ' + text(caveats[k]) + (shown(caveats[k]) ? '' : ' (not shown)'));
  }

  /* Each rule chosen in the rule filter, then each level alone. */
  for (i = 1; i < rule.options.length; i++) {
    choose(rule.options[i].value, null);
    out.push('filter rule=' + rule.options[i].value + ' ' + visibleCount(rule.options[i].value, null));
  }
  for (i = 0; i < levels.length; i++) {
    choose('', levels[i].value);
    out.push('filter level=' + levels[i].value + ' ' + visibleCount(null, levels[i].value));
  }
  choose('', null);
  out.push('filter none ' + visibleCount(null, null));

  /* Nothing from the sources became markup. */
  var markup = false, cells = document.querySelectorAll('td.code');
  for (i = 0; i < cells.length; i++) markup = markup || cells[i].textContent.indexOf('<\/script><img') >= 0;
  out.push('images ' + document.images.length);
  out.push('scripts ' + document.scripts.length);
  out.push('title ' + document.title);
  out.push('markup shown as text ' + (markup ? 'yes' : 'no'));

  /* What could not be analyzed, as listed under the summary. */
  var listed = document.querySelectorAll('#not-analyzed + ul > li');
  for (i = 0; i < listed.length; i++) out.push('not-analyzed ' + listed[i].textContent);
  /* The other warnings of the run: files analyzed in part, budgets exceeded. */
  var warned = document.querySelectorAll('#warnings + ul > li');
  for (i = 0; i < warned.length; i++) out.push('warned ' + warned[i].textContent);
  var words = document.querySelector('header').textContent + document.querySelector('main').textContent;
  out.push('page says -v ' + (/(^|[\s(])-v\b/.test(words) ? 'yes' : 'no'));

  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = out.join('\n') + '\n';
  document.body.appendChild(pre);
})();
