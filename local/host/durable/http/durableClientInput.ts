/** The path under which the durable HTTP API is served. */
export const DURABLE_WEBHOOK_PATH = '/runtime/webhooks/durabletask';

/** The connection name the extension puts in its URLs for the default storage connection. */
const CONNECTION = 'Storage';

/** The `durableClient` binding value (durable-functions' `OrchestrationClientInputData`). */
export interface DurableClientInput {
  readonly taskHubName: string;
  readonly creationUrls: Readonly<Record<string, string>>;
  readonly managementUrls: Readonly<Record<string, string>>;
  readonly baseUrl: string;
  readonly requiredQueryStringParameters: string;
  readonly rpcBaseUrl: string;
}

/**
 * Builds the binding value for a host listening at `origin` (`http://127.0.0.1:7071`). The local
 * host checks no keys, so the URLs carry no `code`.
 */
export function durableClientInput(origin: string, taskHubName: string): DurableClientInput {
  const base = `${origin.replace(/\/$/, '')}${DURABLE_WEBHOOK_PATH}`;
  const query = `taskHub=${taskHubName}&connection=${CONNECTION}`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${base}/`,
  };
}
