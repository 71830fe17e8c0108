import { durableClientInput } from './durableClientInput.js';
import { json } from './responses.js';

const START_RETRY_AFTER = '10';

/** The 202 the extension's CreateCheckStatusResponse builds: the management URLs and the id. */
export function checkStatusResponse(url: URL, taskHubName: string, id: string): Response {
  const { managementUrls } = durableClientInput(url.origin, taskHubName);
  const payload = Object.fromEntries(
    Object.entries(managementUrls).map(([key, value]) => [
      key,
      value.replaceAll('INSTANCEID', encodeURIComponent(id)),
    ]),
  );
  payload['id'] = id;
  return json(202, payload, {
    Location: payload['statusQueryGetUri'] ?? '',
    'Retry-After': START_RETRY_AFTER,
  });
}
