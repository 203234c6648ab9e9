/*
 * The ack-one backend plugin in a Backstage test backend (SQLite in memory,
 * the stock mock auth, permissions allowing all: two users still have to
 * take part), the catalog holding examples/demo-services.yaml, and an HTTP
 * client for its API.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { Simulator } from '@internal/ack-one-simulator';
import ackOnePlugin from '@internal/plugin-ack-one-backend';
import { parseAllDocuments } from 'yaml';
import { simulatorAccount } from '../lib';
import { root } from './config';

/** An auditor and notice services that only count. */
function quietServices() {
  const counts = { audit: 0, notifications: 0, signals: 0 };
  return [
    createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => ({
        createEvent: async () => {
          counts.audit++;
          return { success: async () => {}, fail: async () => {} };
        },
      }),
    }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        send: async () => {
          counts.notifications++;
        },
      }),
    }),
    createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: () => ({
        publish: async () => {
          counts.signals++;
        },
      }),
    }),
  ];
}

function demoEntities() {
  return parseAllDocuments(
    fs.readFileSync(path.join(root, 'examples/demo-services.yaml'), 'utf8'),
  )
    .map(d => d.toJSON())
    .filter(Boolean);
}

export type ApiCall = (
  method: string,
  path: string,
  user: string,
  body?: unknown,
) => Promise<any>;

/** Calls `/api/ack-one` as a user; a non-2xx answer throws. */
function apiClient(base: string): ApiCall {
  return async (method, p, user, body) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok)
      throw new Error(`${method} ${p}: ${res.status} ${json?.error?.message}`);
    return json;
  };
}

export async function startBackend(sim: Simulator) {
  const backend = await startTestBackend({
    features: [
      ackOnePlugin,
      catalogServiceMock.factory({ entities: demoEntities() }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          ackOne: {
            accounts: [
              { ...simulatorAccount(sim, 'cn-hangzhou'), maxAttempts: 1 },
            ],
            failover: { pollIntervalSeconds: 1, verifyTimeoutSeconds: 30 },
          },
        },
      }),
      ...quietServices(),
    ],
  });
  const port = (backend.server.address() as { port: number }).port;
  return {
    stop: () => backend.stop(),
    call: apiClient(`http://127.0.0.1:${port}/api/ack-one`),
  };
}
