/** Picks the engine adapter the configuration names. */
import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { EmbeddedEngine } from './embedded/index.js';
import { OperatonEngine } from './operaton/index.js';
import type { EnginePort } from './port.js';
import { ZeebeEngine } from './zeebe/index.js';

export function createEngine(config: Config, sequelize: Sequelize, clock: Clock, log: (msg: string) => void): EnginePort {
  switch (config.engine) {
    case 'operaton':
      return new OperatonEngine({ ...config.operaton, sequelize, log });
    case 'zeebe':
      return new ZeebeEngine({
        grpcAddress: config.zeebe.grpcAddress,
        sequelize,
        log,
        incidentSink: config.zeebe.incidentSinkPort ? { host: config.zeebe.incidentSinkHost, port: config.zeebe.incidentSinkPort } : false,
      });
    case 'embedded':
      return new EmbeddedEngine({ sequelize, clock, log });
  }
}
