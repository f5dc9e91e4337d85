// The peer side of scripts/bench/engine: runs the benchmark machines in aws-local-stepfunctions 3.0.0 and prints
// one JSON line per machine: {"engine","machine","execPerSec","execPerCpuSec","rounds","output"}: executions per
// second of wall time and per second of the process's CPU time (user + system, all threads), best round of each.
// Usage: node bench.mjs MACHINES_DIR LIFECYCLE_DEFINITION WARMUP_SECONDS ROUND_SECONDS ROUNDS
import { StateMachine } from 'aws-local-stepfunctions';
import fs from 'node:fs';
import path from 'node:path';

const [dir, lifecyclePath, warmupArg, roundArg, roundsArg] = process.argv.slice(2);
if (!dir || !lifecyclePath) {
  console.error('usage: node bench.mjs MACHINES_DIR LIFECYCLE_DEFINITION [WARMUP_S ROUND_S ROUNDS]');
  process.exit(2);
}
const warmup = Number(warmupArg ?? 5) * 1000;
const roundMs = Number(roundArg ?? 5) * 1000;
const rounds = Number(roundsArg ?? 3);
const read = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

function context(input, name) {
  // aws-local-stepfunctions has no execution identity of its own: give it the context object AWS would.
  return {
    Execution: {
      Id: `arn:aws:states:us-east-1:123456789012:execution:${name}:bench`, Name: 'bench', Input: input,
      StartTime: new Date().toISOString(), RoleArn: 'arn:aws:iam::123456789012:role/bench', RedriveCount: 0,
    },
    StateMachine: { Id: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`, Name: name },
  };
}

function lifecycleHandlers(mocks) {
  // The same mocked responses the engine reads from the Step Functions Local mock file, as local handlers.
  const handlers = {};
  for (const [state, response] of Object.entries(mocks.StateMachines.lifecycle.TestCases.HappyPath)) {
    const value = mocks.MockedResponses[response]['0'].Return;
    handlers[state] = async () => structuredClone(value);
  }
  return handlers;
}

async function measure(name, sm, input, options) {
  const once = () => sm.run(input, { ...options(), noThrowOnAbort: true }).result;
  const output = await once();
  let end = Date.now() + warmup;
  while (Date.now() < end) {
    await once();
  }
  const perRound = [];
  const perCpu = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    end = Date.now() + roundMs;
    while (Date.now() < end) {
      await once();
      n++;
    }
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    perRound.push(n / secs);
    perCpu.push(n / ((cpu.user + cpu.system) / 1e6));
  }
  console.log(JSON.stringify({
    engine: 'aws-local-stepfunctions', machine: name, execPerSec: Math.max(...perRound),
    execPerCpuSec: Math.max(...perCpu), rounds: perRound, output,
  }));
}

const mixed = new StateMachine(read(path.join(dir, 'mixed.asl.json')));
const mixedInput = read(path.join(dir, 'mixed.input.json'));
await measure('mixed', mixed, mixedInput, () => ({ context: context(mixedInput, 'mixed') }));

const lifecycle = new StateMachine(read(lifecyclePath), { validationOptions: { checkArn: false } });
const lifecycleInput = read(path.join(dir, 'lifecycle.input.json'));
const handlers = lifecycleHandlers(read(path.join(dir, 'lifecycle.mocks.json')));
await measure('lifecycle', lifecycle, lifecycleInput,
  () => ({ overrides: { taskResourceLocalHandlers: handlers }, context: context(lifecycleInput, 'lifecycle') }));
