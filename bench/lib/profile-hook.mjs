// Preloaded with `node --import` into a server under test: SIGUSR2 starts the V8 CPU
// profiler, the next SIGUSR2 stops it and writes the profile to BENCH_PROFILE_OUT, so
// a profile covers the measured load only (not start-up).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.BENCH_PROFILE_OUT;
if (out) {
  const session = new Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let running = false;
  let part = 0;
  process.on('SIGUSR2', async () => {
    try {
      if (!running) {
        running = true;
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 250) });
        await post('Profiler.start');
        writeFileSync(`${out}.${part}.started`, '');
      } else {
        running = false;
        const { profile } = await post('Profiler.stop');
        writeFileSync(`${out}.${part}.cpuprofile`, JSON.stringify(profile));
        part += 1;
      }
    } catch (error) {
      writeFileSync(`${out}.${part}.error`, String(error));
    }
  });
}
