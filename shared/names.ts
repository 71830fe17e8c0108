/**
 * Names shared by both apps and the infrastructure. Kept in one place so the role the server
 * enforces, the routes the client calls and the settings infra writes cannot drift apart.
 */
export const ORDERS_READ_ROLE = 'Orders.Read';

export const ORDERS_APP_SETTING = 'ORDERS_APP';
export const APP_ROLES = ['client', 'server'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const ROUTES = {
  orders: 'orders',
  partitions: 'orders/partitions',
  health: 'health',
  sync: 'sync',
} as const;
