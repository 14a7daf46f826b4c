import { useEffect, useState } from 'preact/hooks';
import { useEngineStatus, viewEngine } from './use-engine';
import { ErrorNotice } from '../ErrorNotice';
import { useSetting } from '../use-setting';
import { engineOptions, type EngineOption } from '@/lib/engine/choices';
import { probeBuiltinModel, type BuiltinAvailability } from '@/lib/engine/builtin-adapter';
import type { CachedModel } from '@/lib/messaging/protocol';
import { showPanelView } from '@/lib/side-panel';

const GROUPS: readonly EngineOption['group'][] = ['Test', 'GPU (WebLLM)', 'CPU', 'Your server', 'Built in'];

/**
 * The model in the Chat header: a switcher among what can answer here (downloaded models,
 * the configured server, the built-in model), whether it is loaded or loading (with
 * progress), and what went wrong. Choosing saves the engine settings, as Models does.
 */
export function ModelStatus() {
  const { status, progress } = useEngineStatus();
  const { value: config, save } = useSetting('engine');
  const [cached, setCached] = useState<CachedModel[]>([]);
  const [builtin, setBuiltin] = useState<BuiltinAvailability | null>(null);
  const modelId = status?.modelId;
  useEffect(() => {
    // Again when the model changes: a download finished in Models adds a choice.
    viewEngine()
      .cachedModels()
      .then(setCached, () => undefined);
  }, [modelId]);
  useEffect(() => void probeBuiltinModel().then(setBuiltin), []);

  if (!status || !config)
    return (
      <p class="muted model-status" data-testid="model-status">
        Model: not connected yet
      </p>
    );
  const loading = status.loading && progress && progress.phase !== 'ready';
  const { options, current } = engineOptions({ config, cached, builtin });
  const choose = (key: string) => {
    const option = options.find((o) => o.key === key);
    if (option) void save(option.patch);
  };
  return (
    <div class="model-status" data-testid="model-status">
      <div class="model-switch">
        {options.length > 0 ? (
          <label>
            Model{' '}
            <select value={current} disabled={status.busy > 0 || Boolean(loading)} onChange={(event) => choose(event.currentTarget.value)} data-testid="model-switch">
              {GROUPS.map((group) => {
                const inGroup = options.filter((o) => o.group === group);
                return (
                  inGroup.length > 0 && (
                    <optgroup key={group} label={group}>
                      {inGroup.map((o) => (
                        <option key={o.key} value={o.key}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                  )
                );
              })}
            </select>
          </label>
        ) : (
          <span>Model: none chosen</span>
        )}
        <button type="button" onClick={() => void showPanelView('models')}>
          {options.length > 0 ? 'More models' : 'Choose a model'}
        </button>
      </div>
      <span class="muted">
        {status.loaded ? 'Ready' : loading ? `Loading ${Math.round(progress.fraction * 100)}%` : 'Not loaded (loads on first use)'}
        {status.busy > 0 ? ' · answering' : ''}
      </span>
      {loading && <progress max={1} value={progress.fraction} aria-label={progress.text} />}
      {status.lastError && !status.loaded && <ErrorNotice error={status.lastError} here="chat" />}
    </div>
  );
}
