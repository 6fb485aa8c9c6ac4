// Shown when the hub answers 401 (login is on, see the README's Security section): a form that posts
// /api/v1/login. The hub answers with an HttpOnly, SameSite=Strict session cookie, so after the reload every API call
// and the live WebSocket carry it; the page never sees the token.

let shown = false;

export function showLogin() {
  if (shown) return;
  shown = true;
  const form = document.createElement('form');
  form.id = 'login';
  form.className = 'login';
  form.innerHTML = `<h2>Log in to the hub</h2>
    <label>User <input name="user" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Log in</button>
    <p class="login-error" role="alert"></p>`;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const error = form.querySelector('.login-error');
    error.textContent = '';
    try {
      const response = await fetch('/api/v1/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ user: data.get('user'), password: data.get('password') }),
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const body = await response.json().catch(() => ({}));
      error.textContent = body.message ?? `HTTP ${response.status}`;
    } catch (e) {
      error.textContent = e.message;
    }
  });
  document.body.append(form);
  form.querySelector('input[name=user]').focus();
}
