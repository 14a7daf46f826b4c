import { useSetting } from '@/components/use-setting';

/** Settings of the engine feature (a section of the Settings view): when to free the GPU. Backends and models live in the Models view. */
export function EngineSettings() {
  const { value: config, save } = useSetting('engine');
  if (!config) return null;
  return (
    <fieldset class="engine-settings">
      <legend>Engine</legend>
      <label>
        Free the GPU after{' '}
        <input
          type="number"
          min={0}
          max={240}
          value={config.idleMinutes}
          aria-describedby="idle-help"
          onChange={(e) => {
            const minutes = Number((e.target as HTMLInputElement).value);
            if (Number.isFinite(minutes) && minutes >= 0) void save({ idleMinutes: Math.min(240, Math.round(minutes)) });
          }}
        />{' '}
        minutes without use
      </label>
      <p id="idle-help" class="muted">
        The model is loaded again by itself at the next question. 0 keeps it loaded while the browser runs. Choose a model or your own server in <a href="#models">Models</a>.
      </p>
    </fieldset>
  );
}
