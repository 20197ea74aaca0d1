import os from 'node:os';
import { MachineLoad } from './results';

/** The machine and how busy it was: figures from a loaded machine are not comparable. */
export class MachineWatch {
  private readonly loadAtStart = os.loadavg();
  private maxLoad1 = this.loadAtStart[0];
  private readonly timer = setInterval(() => {
    this.maxLoad1 = Math.max(this.maxLoad1, os.loadavg()[0]);
  }, 5000);

  constructor() {
    this.timer.unref();
  }

  finish(): MachineLoad {
    clearInterval(this.timer);
    const loadAtEnd = os.loadavg();
    const round = (value: number) => Math.round(value * 100) / 100;

    return {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      loadAtStart: this.loadAtStart.map(round),
      loadAtEnd: loadAtEnd.map(round),
      maxLoad1: round(Math.max(this.maxLoad1, loadAtEnd[0])),
    };
  }
}
