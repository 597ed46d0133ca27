/**
 * The engines a scenario spec runs on: the embedded engine always, Operaton
 * when OPERATON_URLS names its nodes (scripts/operaton.sh), Zeebe when
 * ZEEBE_GRPC_ADDRESS names a licensed broker. All run on real time: the
 * embedded engine gets the system clock, as the others have their own, so
 * the scenario's offset clock moves only the application.
 */
import type { Sequelize } from 'sequelize';
import { systemClock } from '../../../../server/clock.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import { OperatonEngine } from '../../../../server/engine/operaton/index.js';
import type { EnginePort } from '../../../../server/engine/port.js';
import { ZeebeEngine } from '../../../../server/engine/zeebe/index.js';
import { operatonFromEnv } from '../../../support/operaton.js';

export interface ScenarioEngine {
  name: 'embedded' | 'operaton' | 'zeebe';
  /** Why this engine does not run here; null when it does. */
  unavailable: string | null;
  create(sequelize: Sequelize, log: (message: string) => void): EnginePort;
}

export function availableEngines(): ScenarioEngine[] {
  const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
  const operaton = operatonFromEnv();
  return [
    {
      name: 'embedded',
      unavailable: null,
      create: (sequelize, log) => new EmbeddedEngine({ sequelize, clock: systemClock, log }),
    },
    {
      name: 'operaton',
      unavailable: typeof operaton === 'string' ? operaton : null,
      create: (sequelize, log) => new OperatonEngine({ ...(operaton as Exclude<typeof operaton, string>), sequelize, log }),
    },
    {
      name: 'zeebe',
      unavailable: grpcAddress ? null : 'ZEEBE_GRPC_ADDRESS is not set (it names a licensed Camunda 8 broker)',
      create: (sequelize, log) => new ZeebeEngine({ grpcAddress: grpcAddress!, sequelize, log }),
    },
  ];
}
