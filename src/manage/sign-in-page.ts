const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface SignInPageModel {
  /** Shown in an alert region (read out by screen readers at once). */
  readonly error?: string | null;
  /** Kept on a failed attempt so the user only retypes the password. */
  readonly email?: string;
}

/** The sign-in form: labelled fields, native validation, no script. */
export function renderSignInPage(model: SignInPageModel = {}): string {
  const error = model.error ? `<p id="sign-in-error" class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  const describedBy = model.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Switchboard</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f4f5f7; color: #1d2330; }
  main { background: #fff; padding: 2rem; border-radius: 8px; width: min(22rem, 90vw); box-shadow: 0 1px 4px rgb(0 0 0 / 12%); }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #8a93a6; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #2f6fed; outline-offset: 1px; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font: inherit; font-weight: 600; color: #fff; background: #2f5fd0; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #a4161a; background: #fdecea; padding: .5rem .75rem; border-radius: 4px; }
</style>
</head>
<body>
<main>
<h1>Sign in to Switchboard</h1>
${error}
<form method="post" action="/manage/login" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(model.email ?? '')}"${describedBy}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
  <button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
