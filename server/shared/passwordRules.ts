/** How long a password must be: one module without imports, so the browser's forms can read it too. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
