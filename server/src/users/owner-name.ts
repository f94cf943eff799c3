/**
 * The name a WeChat owner's account gets at first sign-in (WeChat no longer gives the nickname). The
 * name given with the first approved house binding replaces it (BindingsService.decide), so staff
 * read who acted on a case rather than 微信用户 for every owner.
 */
export const WECHAT_OWNER_NAME = '微信用户';
