/**
 * The one place the mini program learns which CloudBase environment to use. Replace with your
 * environment id (WeChat DevTools → Cloud Development → Settings). No secret ever belongs here:
 * everything in miniprogram/ ships to users' phones.
 */
export const CLOUD_ENV_ID = 'your-cloudbase-env-id';
