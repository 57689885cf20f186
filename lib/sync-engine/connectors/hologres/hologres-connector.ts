import type { Connector } from "../connector";
import { testHologresConnection } from "./connection-test";
import type { HoloWriterParameter } from "./holo-writer-parameter";
import type { HologresConfig } from "./hologres-config";
import { hologresSpec } from "./hologres-spec";
import { createHologresWriter } from "./hologres-writer";

// The writer is wrapped through its exported factory: its modules are its own business.
export const hologresConnector: Connector<HologresConfig> = {
  spec: hologresSpec,
  parseConfig: (config) => config as HologresConfig,
  createWriter: ({ parameter, config }) => createHologresWriter({ config, parameter: parameter as HoloWriterParameter }),
  async testConnection(config) {
    const result = await testHologresConnection(config);
    return result.ok ? { ok: true, message: `Connected to ${result.serverVersion}.`, warning: result.warning } : { ok: false, message: result.message, warning: null };
  },
};
