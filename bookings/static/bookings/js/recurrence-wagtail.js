/*
 * Turns the recurrence textareas of the Wagtail page editor into
 * django-recurrence widgets: those on the page when it loads, and those of a
 * schedule added with the InlinePanel's button.
 *
 * django-recurrence's own init script watches a #container element that only
 * the Django admin has, so it is not loaded. Wagtail's InlinePanel dispatches
 * "w-formset:added" on the new child form; a MutationObserver catches forms
 * inserted any other way. A textarea is initialised once only: a second
 * widget on it would write its rules twice.
 */
(function () {
  'use strict';

  var SELECTOR = 'textarea.recurrence-widget';

  function isTemplate(textarea) {
    // The InlinePanel's empty form keeps "__prefix__" until it is copied.
    return (textarea.id + ' ' + textarea.name).indexOf('__prefix__') !== -1;
  }

  function initWidget(textarea) {
    if (textarea.dataset.recurrenceWidget || isTemplate(textarea)) {
      return;
    }
    if (!textarea.id) {
      return; // the widget finds its textarea by id
    }
    textarea.dataset.recurrenceWidget = 'ready';
    var widget = new recurrence.widget.Widget(textarea.id, {});
    watchForKeyboard(widget.elements.root);
  }

  /*
   * Keyboard and screen readers. The widget draws clickable table cells
   * (weekdays, days of the month, months, the calendar's days), links that
   * act as buttons, and fields whose label is a loose <span>. Each cell
   * becomes a focusable checkbox (or button) that Enter and Space press, each
   * field gets its label's words, and the French reads naturally. The
   * widget redraws parts of itself, so this runs again on every change.
   */
  var WEEKLY = 2;
  // « Toutes les 2 semaines », « Tous les 2 mois »: French needs the gender.
  var EVERY = [
    pgettext('recurrence: every N years', 'Every'),
    pgettext('recurrence: every N months', 'Every'),
    pgettext('recurrence: every N weeks', 'Every'),
    pgettext('recurrence: every N days', 'Every')
  ];
  var EVERY_NUMBER = [
    gettext('every %(number)s years'),
    gettext('every %(number)s months'),
    gettext('every %(number)s weeks'),
    gettext('every %(number)s days')
  ];

  function setText(element, text) {
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  function setAttr(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function labelWords(container) {
    var words = [];
    container.querySelectorAll(':scope > .recurrence-label, :scope > .laebl')
      .forEach(function (span) {
        words.push(span.textContent.replace(/\s*:\s*$/, '').trim());
      });
    return words.filter(Boolean).join(' … ');
  }

  function syncChecked(cell) {
    setAttr(cell, 'aria-checked',
      cell.classList.contains('active') ? 'true' : 'false');
  }

  function pressOnKeys(element) {
    if (element.dataset.vdqKeys) {
      return;
    }
    element.dataset.vdqKeys = 'on';
    element.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        element.click();
      }
    });
  }

  function enhance(root) {
    // Clickable cells: a weekday, a day of the month, a month, a date.
    root.querySelectorAll('table.grid').forEach(function (table) {
      setAttr(table, 'role', 'presentation');
      var calendar = !!table.closest('.calendar');
      table.querySelectorAll('td').forEach(function (cell) {
        if (!cell.onclick) {
          setAttr(cell, 'role', 'presentation');
          return;
        }
        var disabled = !!table.closest('.disabled, .grid-disabled');
        setAttr(cell, 'tabindex', disabled ? '-1' : '0');
        setAttr(cell, 'aria-disabled', disabled ? 'true' : 'false');
        if (calendar) {
          setAttr(cell, 'role', 'button');
        } else {
          setAttr(cell, 'role', 'checkbox');
          syncChecked(cell);
          if (!cell.dataset.vdqChecked) {
            // After the widget's own onclick: say the new state at once.
            cell.dataset.vdqChecked = 'on';
            cell.addEventListener('click', function () { syncChecked(cell); });
          }
        }
        pressOnKeys(cell);
      });
    });
    // Links that act as buttons.
    root.querySelectorAll('a[href^="javascript:"]').forEach(function (link) {
      setAttr(link, 'role', 'button');
      pressOnKeys(link);
      if (link.classList.contains('remove')) {
        setAttr(link, 'aria-label', gettext('Remove this rule or date'));
      } else if (link.classList.contains('calendar-button')) {
        setAttr(link, 'aria-label', link.getAttribute('title') || '');
      }
    });
    // « Fréquence : », with the space French typography wants.
    root.querySelectorAll('.recurrence-label').forEach(function (span) {
      if (span.children.length === 0 && /[^\u00a0]:$/.test(span.textContent)) {
        setText(span, span.textContent.replace(/\s*:$/, '\u00a0:'));
      }
    });
    root.querySelectorAll('form').forEach(function (form) {
      var freq = form.querySelector('select[name=freq]');
      var interval = form.querySelector('.interval > .recurrence-label');
      if (freq && interval && EVERY[freq.value]) {
        setText(interval, EVERY[freq.value]);
      }
    });
    // Every field named by the words around it.
    root.querySelectorAll('input, select').forEach(function (field) {
      var container = field.closest('div, li, span.date-selector');
      if (container && container.classList.contains('date-selector')) {
        container = container.parentNode;
      }
      var words = container ? labelWords(container) : '';
      if (field.name === 'mode' && !words) {
        words = gettext('Exclude');
      }
      if (words) {
        setAttr(field, 'aria-label', words);
      }
    });
  }

  function watchForKeyboard(root) {
    enhance(root);
    var pending = false;
    new MutationObserver(function () {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        enhance(root);
      });
    }).observe(root, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ['class']
    });
    root.addEventListener('change', function () { enhance(root); });
  }

  // The rules' summary (« toutes les 2 semaines, chaque mardi ») in French.
  var ruleText = recurrence.Rule.prototype.get_display_text;
  recurrence.Rule.prototype.get_display_text = function (short) {
    var tokens = recurrence.display.tokens;
    var every = tokens.every_number_freq;
    tokens.every_number_freq = EVERY_NUMBER[this.freq] || every;
    try {
      return ruleText.call(this, short);
    } finally {
      tokens.every_number_freq = every;
    }
  };

  /*
   * « Prochaines dates » under each series: asked again of the server (the
   * rules, holidays and exclusions are applied there, as for residents)
   * after each change of the series' dates.
   */
  var SERIES_FIELDS = [
    'recurrences', 'starts_on', 'ends_on',
    'skip_public_holidays', 'skip_school_holidays'
  ];
  var refreshTimers = {};

  function refreshNextDates(panel) {
    var prefix = panel.dataset.vdqPrefix;
    var form = panel.closest('form');
    if (!prefix || !form || prefix.indexOf('__prefix__') !== -1) {
      return;
    }
    var params = new URLSearchParams({ prefix: prefix });
    SERIES_FIELDS.forEach(function (name) {
      var field = form.elements[prefix + '-' + name];
      if (!field) {
        return;
      }
      if (field.type === 'checkbox') {
        if (field.checked) {
          params.set(field.name, 'on');
        }
      } else {
        params.set(field.name, field.value);
      }
    });
    fetch(panel.dataset.vdqNextDates + '?' + params.toString(), {
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text();
    }).then(function (html) {
      panel.innerHTML = html;
    });
  }

  function seriesChanged(event) {
    var name = event.target && event.target.name;
    if (!name) {
      return;
    }
    document.querySelectorAll('[data-vdq-next-dates]').forEach(function (panel) {
      var prefix = panel.dataset.vdqPrefix;
      if (name.indexOf(prefix + '-') !== 0) {
        return;
      }
      window.clearTimeout(refreshTimers[prefix]);
      refreshTimers[prefix] = window.setTimeout(function () {
        refreshNextDates(panel);
      }, 300);
    });
  }

  // The widget writes its textarea without any event: say it changed.
  var widgetUpdate = recurrence.widget.Widget.prototype.update;
  recurrence.widget.Widget.prototype.update = function () {
    widgetUpdate.call(this);
    this.textarea.dispatchEvent(new Event('change', { bubbles: true }));
  };

  // A new rule's fields come before the « add » links: go there, not past them.
  var addRule = recurrence.widget.Widget.prototype.add_rule;
  recurrence.widget.Widget.prototype.add_rule = function (rule) {
    addRule.call(this, rule);
    var panel = this.panels[this.panels.length - 1];
    var first = panel.elements.body.querySelector('select[name=freq]');
    if (first && !rule) {
      first.focus();
    }
  };

  /*
   * « Ajouter une date » opens an empty date field, not today's date: the
   * date joins the series only once the coordinator types it.
   */
  var addDate = recurrence.widget.Widget.prototype.add_date;
  recurrence.widget.Widget.prototype.add_date = function (date) {
    if (date) {
      return addDate.call(this, date);
    }
    var widget = this;
    var pending = recurrence.widget.date_today();
    addDate.call(this, pending);
    recurrence.array.remove(this.data.rdates, pending);
    this.update();
    var panel = this.panels[this.panels.length - 1];
    var body = panel.elements.body;
    var field = body.querySelector('input.date-field');
    var mode = body.querySelector('input[name=mode]');
    field.value = '';
    panel.set_label(gettext('New date'));
    function list() {
      return mode.checked ? widget.data.exdates : widget.data.rdates;
    }
    function place() {
      recurrence.array.remove(widget.data.rdates, pending);
      recurrence.array.remove(widget.data.exdates, pending);
      if (field.value) {
        list().push(pending);
      }
      widget.update();
    }
    // After the widget's own handlers, which know nothing of an empty date.
    field.addEventListener('change', place);
    mode.addEventListener('click', place);
    field.focus();
  };

  function initWithin(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.matches && root.matches(SELECTOR)) {
      initWidget(root);
    }
    root.querySelectorAll(SELECTOR).forEach(initWidget);
  }

  // The widget draws its rule and date editors inside <form> elements, nested
  // in the page editor's form: Enter in its date field would submit that
  // inner form and leave the editor, losing the page's changes.
  function keepInnerFormsFromSubmitting(event) {
    var form = event.target;
    if (form.closest && form.closest('div.recurrence-widget')) {
      event.preventDefault();
    }
  }

  function start() {
    initWithin(document);
    document.addEventListener('w-formset:added', function (event) {
      initWithin(event.target);
    });
    document.addEventListener('submit', keepInnerFormsFromSubmitting, true);
    document.addEventListener('change', seriesChanged);
    document.addEventListener('input', seriesChanged);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(initWithin);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
