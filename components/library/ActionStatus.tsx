/** A library action's progress and outcome in words: what runs now, then what happened (an alert when it failed). */
export interface ActionMessage {
  text: string;
  error?: boolean;
}

export function ActionStatus(props: { busy: string | null; message: ActionMessage | null }) {
  return (
    <>
      {props.busy && (
        <p class="muted small" role="status">
          {props.busy}
        </p>
      )}
      {props.message && (
        <p class={props.message.error ? 'error small' : 'muted small'} role={props.message.error ? 'alert' : 'status'}>
          {props.message.text}
        </p>
      )}
    </>
  );
}
