// The setup form, sent straight to GitHub: the manifest takes the chosen App name, and the form goes to the "new App"
// page of the chosen organization (or of your own account). Without this script the form goes to POST /setup, which
// answers the same manifest on a page of its own.
(function () {
  var form = document.getElementById('create-app');
  if (!form) {
    return;
  }
  form.addEventListener('submit', function () {
    var name = form.elements.name.value.trim() || 'Unblock';
    var org = form.elements.org.value.trim();
    var manifest = JSON.parse(form.elements.manifest.value);
    manifest.name = name;
    form.elements.manifest.value = JSON.stringify(manifest);
    form.action = form.dataset.github + (org ? '/organizations/' + encodeURIComponent(org) : '') +
        '/settings/apps/new?state=' + encodeURIComponent(form.dataset.state);
    // Only the manifest goes to GitHub.
    form.elements.name.disabled = true;
    form.elements.org.disabled = true;
  });
  // Back from GitHub (the page restored from the cache): the fields can be edited again.
  window.addEventListener('pageshow', function () {
    form.elements.name.disabled = false;
    form.elements.org.disabled = false;
    form.action = '/setup';
  });
})();
