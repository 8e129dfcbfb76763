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
    new recurrence.widget.Widget(textarea.id, {});
  }

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
