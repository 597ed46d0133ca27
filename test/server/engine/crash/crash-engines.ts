/**
 * The engines crash.spec.ts runs on, and what differs between them: the
 * variables the child process builds its engine from (loadConfig +
 * createEngine, as `npm start` does), and how the test sees that a process
 * instance has ended. Operaton runs when OPERATON_URLS names its nodes
 * (scripts/operaton.sh start), Zeebe when ZEEBE_GRPC_ADDRESS names a licensed
 * broker; otherwise that describe is skipped and says why.
 */
import { Zeebe } from '@camunda8/sdk';
import { OperatonError, OperatonRest } from '../../../../server/engine/operaton/rest-client.js';
import { operatonFromEnv } from '../../../support/operaton.js';

export interface CrashEngine {
  name: 'operaton' | 'zeebe';
  /** Why this engine does not run here; null when it does. */
  unavailable: string | null;
  /** ENGINE and the engine's settings, for the child's environment. */
  childEnv(): Record<string, string>;
  /** Undefined while the engine still knows the instance; once it has ended, the engine's word for it. */
  endedProbe(processInstanceKey: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const GRPC_NOT_FOUND = 5;

function operaton(): CrashEngine {
  const settings = operatonFromEnv();
  let rest: OperatonRest | undefined;
  return {
    name: 'operaton',
    unavailable: typeof settings === 'string' ? settings : null,
    childEnv: () => {
      if (typeof settings === 'string') throw new Error(settings);
      return { ENGINE: 'operaton', OPERATON_URLS: settings.urls.join(','), OPERATON_USER: settings.user, OPERATON_PASSWORD: settings.password };
    },
    /** The runtime API answers 404 for an instance that has ended (any node: they share the database). */
    async endedProbe(processInstanceKey) {
      if (typeof settings === 'string') throw new Error(settings);
      rest ??= new OperatonRest({ ...settings });
      return rest.get(`/process-instance/${encodeURIComponent(processInstanceKey)}`).then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof OperatonError && err.status === 404) return 'NOT_FOUND';
          throw err;
        },
      );
    },
    async close() {},
  };
}

function zeebe(): CrashEngine {
  const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
  let client: InstanceType<typeof Zeebe.ZeebeGrpcClient> | undefined;
  return {
    name: 'zeebe',
    unavailable: grpcAddress ? null : 'ZEEBE_GRPC_ADDRESS is not set (it names a licensed Camunda 8 broker)',
    // No incident receiver: nothing here raises incidents, and a listener would fight over its port with any other process that has one.
    childEnv: () => ({ ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: grpcAddress!, ZEEBE_INCIDENT_SINK_PORT: '0' }),
    /** Zeebe no longer knows the instance: setting a variable on its scope is refused as NOT_FOUND. */
    async endedProbe(processInstanceKey) {
      client ??= new Zeebe.ZeebeGrpcClient({
        config: { ZEEBE_GRPC_ADDRESS: grpcAddress, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_LOG_LEVEL: 'error', zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' } },
      });
      return client.setVariables({ elementInstanceKey: processInstanceKey, variables: { endProbe: true }, local: true }).then(
        () => undefined,
        (err: { code?: number }) => {
          if (err.code === GRPC_NOT_FOUND) return 'NOT_FOUND';
          throw err;
        },
      );
    },
    async close() {
      await client?.close();
    },
  };
}

export function crashEngines(): CrashEngine[] {
  return [operaton(), zeebe()];
}
