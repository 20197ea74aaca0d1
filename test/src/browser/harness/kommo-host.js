/* global window, document, requirejs */
/*
 * Plays Kommo's part for the built widget (platform reference §4.4): RequireJS loads script.js
 * with jQuery, the global APP holds the documented read-only data, the instance gets the methods
 * Kommo adds after construction, and the callbacks run in Kommo's order.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('harness-config').textContent);
  var isCard = config.area === 'lcard';
  var harness = { config: config, callbacks: [], errors: [], tokens: 0, ready: false };
  var constants = {
    user: { id: config.userId, name: 'Ada Admin' },
    account: { id: config.accountId, subdomain: config.subdomain },
    user_rights: { is_admin: config.isAdmin ? 'Y' : 'N' },
  };

  window.HARNESS = harness;
  window.addEventListener('error', function (event) {
    harness.errors.push(String(event.message));
  });
  window.APP = {
    lang_id: 'en',
    data: { current_card: isCard ? { id: config.leadId, model: {} } : false },
    constant: function (name) {
      return constants[name];
    },
    getBaseEntity: function () {
      return isCard ? 'leads' : undefined;
    },
    isCard: function () {
      return isCard;
    },
    getWidgetsArea: function () {
      return config.area;
    },
  };

  function fail(error) {
    harness.errors.push(String((error && (error.message || error.statusText)) || error));
  }

  /**
   * `$authorizedAjax`: a fresh disposable token for every call (Kommo signs it with the
   * integration secret; here the harness server does), sent as X-Auth-Token.
   */
  function authorizedAjax($, options) {
    var deferred = $.Deferred();

    $.ajax({ url: '/harness/token', method: 'POST', dataType: 'json' })
      .done(function (answer) {
        harness.tokens += 1;
        var headers = $.extend({}, options.headers, { 'X-Auth-Token': answer.token });

        $.ajax($.extend({}, options, { headers: headers }))
          .done(function () {
            deferred.resolveWith(this, arguments);
          })
          .fail(function () {
            deferred.rejectWith(this, arguments);
          });
      })
      .fail(function () {
        deferred.rejectWith(this, arguments);
      });

    return deferred.promise();
  }

  /** Kommo draws a card widget's block in the right column: a caption, then the body. */
  function renderTemplate($, lang, options) {
    var block = $('<div class="harness-widget">').attr('data-code', config.widgetCode);

    $('<div class="harness-widget__caption">')
      .addClass(options.caption && options.caption.class_name)
      .text(lang.widget.name)
      .appendTo(block);
    $('<div class="harness-widget__body">')
      .html((options.body || '') + (options.render || ''))
      .appendTo(block);
    $('#widgets-column').append(block);
  }

  function extend(widget, $, lang) {
    widget.get_settings = function () {
      return {
        widget_code: config.widgetCode,
        backend_url: config.backendUrl,
        path: config.widgetPath,
        images_path: config.widgetPath + '/images',
        version: config.widgetVersion,
        active: 'Y',
        status: 'installed',
      };
    };
    widget.i18n = function (key) {
      return lang[key];
    };
    widget.system = function () {
      return {
        area: config.area,
        amouser_id: config.userId,
        subdomain: config.subdomain,
        domain: 'kommo.com',
      };
    };
    widget.set_status = function () {};
    widget.render_template = function (options) {
      renderTemplate($, lang, options);
    };
    widget.$authorizedAjax = function (options) {
      return authorizedAjax($, options);
    };
  }

  function start($, Widget, lang) {
    var widget = new Widget();
    var call = function (name, argument) {
      harness.callbacks.push(name);

      return widget.callbacks[name](argument);
    };

    extend(widget, $, lang);
    harness.widget = widget;
    // A false render means "not here" (e.g. a new card): Kommo then skips init and bind_actions.
    if (call('render') !== false) {
      call('init');
      call('bind_actions');
      if (config.area === 'settings') call('settings', $('#widget-settings-modal'));
      if (config.area === 'advanced_settings') {
        call('advancedSettings', $('#work-area-' + config.widgetCode));
      }
    }
    harness.ready = true;
  }

  requirejs.config({ paths: { jquery: '/vendor/jquery' } });
  requirejs(
    ['jquery', config.widgetPath + '/script.js'],
    function ($, Widget) {
      $.getJSON(config.widgetPath + '/i18n/en.json').then(function (lang) {
        start($, Widget, lang);
      }, fail);
    },
    fail,
  );
})();
