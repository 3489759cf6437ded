/**
 * The sign-in page's only script (the page itself is server-rendered, docs/decisions/0027): it
 * posts the form to the auth API as JSON, asks for the two-factor code when the server says
 * TOTP_REQUIRED, shows the server's message otherwise, and goes on to the app. No framework:
 * a phone on a slow network downloads a few kilobytes, not the signed-in app.
 */
const form = document.getElementById('sign-in') as HTMLFormElement | null;

if (form) {
  const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
  const errorBox = $<HTMLDivElement>('sign-in-error');
  const credentials = $<HTMLDivElement>('credentials');
  const secondFactor = $<HTMLDivElement>('second-factor');
  const backRow = $<HTMLParagraphElement>('back-row');
  const forgotRow = $<HTMLParagraphElement>('forgot-row');
  const username = $<HTMLInputElement>('username');
  const password = $<HTMLInputElement>('password');
  const code = $<HTMLInputElement>('code');
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  let askingCode = false;

  const showError = (message: string | null, field?: HTMLInputElement) => {
    errorBox.textContent = message ?? '';
    errorBox.hidden = !message;
    for (const input of [username, password, code]) input.removeAttribute('aria-invalid');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  };
  const step = (code2fa: boolean) => {
    askingCode = code2fa;
    credentials.hidden = code2fa;
    secondFactor.hidden = !code2fa;
    backRow.hidden = !code2fa;
    forgotRow.hidden = code2fa;
    if (code2fa) {
      code.value = '';
      code.focus();
    } else password.focus();
  };

  $<HTMLButtonElement>('back').addEventListener('click', () => {
    showError(null);
    step(false);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = (askingCode ? [code] : [username, password]).find((i) => i.value.trim() === '');
    if (missing) return showError(missing.dataset.required ?? '', missing);
    const body: Record<string, string> = { username: username.value.trim(), password: password.value };
    if (askingCode) body.code = code.value.trim();
    submit.disabled = true;
    void fetch('/api/auth/login', {
      method: 'POST',
      // The server's messages in the page's language, whatever the browser's.
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': document.documentElement.lang },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    })
      .then(async (response) => {
        if (response.ok) {
          window.location.assign(form.dataset.next ?? '/app');
          return;
        }
        const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
        const e = data?.error ?? { code: 'HTTP_ERROR', message: response.statusText };
        if (e.code === 'TOTP_REQUIRED' && !askingCode) {
          showError(null);
          step(true);
        } else showError(e.message, askingCode ? code : undefined);
        submit.disabled = false;
      })
      .catch(() => {
        showError(form.dataset.network ?? 'Network error');
        submit.disabled = false;
      });
  });
}
