/**
 * The engines a scenario spec runs on: the embedded engine always, Zeebe when
 * ZEEBE_GRPC_ADDRESS names a broker (scripts/zeebe-broker.sh start). Both run
 * on real time: the embedded engine gets the system clock, as Zeebe has the
 * broker's, so the scenario's offset clock moves only the application.
 */
import type { Sequelize } from 'sequelize';
import { systemClock } from '../../../../server/clock.js';
import { EmbeddedEngine } from '../../../../server/engine/embedded/index.js';
import type { EnginePort } from '../../../../server/engine/port.js';
import { ZeebeEngine } from '../../../../server/engine/zeebe/index.js';

export interface ScenarioEngine {
  name: 'embedded' | 'zeebe';
  /** Why this engine does not run here; null when it does. */
  unavailable: string | null;
  create(sequelize: Sequelize, log: (message: string) => void): EnginePort;
}

export function availableEngines(): ScenarioEngine[] {
  const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
  return [
    {
      name: 'embedded',
      unavailable: null,
      create: (sequelize, log) => new EmbeddedEngine({ sequelize, clock: systemClock, log }),
    },
    {
      name: 'zeebe',
      unavailable: grpcAddress ? null : 'ZEEBE_GRPC_ADDRESS is not set (scripts/zeebe-broker.sh start, then ZEEBE_GRPC_ADDRESS=grpc://127.0.0.1:26500)',
      create: (sequelize, log) => new ZeebeEngine({ grpcAddress: grpcAddress!, sequelize, log }),
    },
  ];
}
