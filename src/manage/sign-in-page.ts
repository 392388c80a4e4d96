const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface SignInPageModel {
  /** Shown in an alert region (read out by screen readers at once). */
  readonly error?: string | null;
  /** Kept on a failed attempt so the user only retypes the password. */
  readonly email?: string;
}

/** The sign-in form: labelled fields, native validation, no script; styled by the panel's stylesheet. */
export function renderSignInPage(model: SignInPageModel = {}): string {
  const error = model.error ? `<p id="sign-in-error" class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  const describedBy = model.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Switchboard</title>
<link rel="icon" href="/manage/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/manage/assets/panel.css">
</head>
<body class="sign-in-body">
<main class="card sign-in">
<p class="brand"><span class="brand-mark" aria-hidden="true">S</span>Switchboard</p>
<h1>Sign in to Manage</h1>
${error}
<form method="post" action="/manage/login" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(model.email ?? '')}"${describedBy}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
  <button type="submit" class="button button-primary">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
