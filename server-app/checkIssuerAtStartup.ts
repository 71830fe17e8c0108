import type { Logger } from '../shared/logging/Logger.js';
import type { BearerAuthenticator } from './auth/createBearerAuthenticator.js';
import { SERVER_SETTINGS, type ServerSettings } from './settings.js';

/**
 * The startup check of the server's tenant: loads its OpenID metadata and signing keys once
 * (bounded by the authenticator's load deadline) and logs the outcome, naming the setting to fix
 * when the tenant does not exist. Log-only: it never throws, and a failure only means requests
 * get 503 until the identity provider answers; the keys it loads serve the first requests.
 */
export async function checkIssuerAtStartup(
  authenticator: Pick<BearerAuthenticator, 'checkIssuer'>,
  settings: Pick<ServerSettings, 'tenantId' | 'authorityHost'>,
  logger: Logger,
): Promise<void> {
  const { tenantId, authorityHost } = settings;
  const where = { tenantId, authorityHost };
  try {
    const check = await authenticator.checkIssuer();
    if (check.ok) {
      logger.info('Startup check: the tenant’s OpenID metadata and signing keys are loaded', {
        ...where,
        usableKeys: check.usableKeys,
      });
      return;
    }
    const { code, message } = check.failure;
    if (code === 'ERR_TENANT_NOT_FOUND') {
      logger.error(
        `Startup check: tenant ${tenantId} does not exist at ${authorityHost}. Set ` +
          `${SERVER_SETTINGS.tenantId} to the tenant of the Orders API's app registration ` +
          `(and ${SERVER_SETTINGS.authorityHost} to its cloud); until then every request is ` +
          'answered 503 with code TENANT_NOT_FOUND',
        { ...where, code, reason: message },
      );
      return;
    }
    logger.error(
      `Startup check: the tenant's OpenID metadata or signing keys could not be loaded from ` +
        `${authorityHost} (${SERVER_SETTINGS.authorityHost}); requests are answered 503 until ` +
        'the identity provider answers',
      { ...where, code, reason: message },
    );
  } catch (error) {
    logger.error('Startup check failed unexpectedly', {
      ...where,
      reason: error instanceof Error ? `${error.name}: ${error.message}` : typeof error,
    });
  }
}
