/** Ids of the checked-in home tenant (local/identity/tenant.json) that tests sign in against. */

/** The home tenant's id. */
export const TENANT = 'd06a47d6-28da-4cfb-b94e-b85a694580a3';
/** orders-api, the Orders API's app registration. */
export const API = '27991dac-f89f-4062-8147-2c3296fcdd42';
/** orders-daemon, the client app that holds the API's role. */
export const DAEMON = 'bb845956-d451-4a24-af98-0439e4b08673';
/** orders-daemon's local-only client secret. */
export const DAEMON_SECRET = 'local-only-FAKE-secret-orders-daemon';
/** orders-daemon-unassigned, a client app without the role. */
export const UNASSIGNED = 'b9c53dc9-132a-4941-8d51-660f1951eeec';
/** orders-daemon-func (system-assigned), the client Function App's system-assigned identity. */
export const SYSTEM_MI = '63e82f59-c065-4d6f-bffb-7ae8a5dd9f45';
/** orders-daemon-uami, the user-assigned identity that holds the role. */
export const USER_MI = '00872284-75f3-49b3-9d7c-5c82069ca150';
/** unassigned-uami, a user-assigned identity without the role. */
export const UNASSIGNED_MI = '5b0f4c1e-7d3a-4e8b-9c61-2f7a8d9e0b14';

/** A client-credentials token request's form as orders-daemon, proved with its secret. */
export function daemonSecretForm(scope: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: DAEMON,
    client_secret: DAEMON_SECRET,
    scope,
  };
}
