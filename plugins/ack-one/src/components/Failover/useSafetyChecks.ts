import { useApi } from '@backstage/core-plugin-api';
import {
  FailoverCheckResult,
  FailoverRequestInput,
} from '@internal/plugin-ack-one-common';
import { useEffect, useState } from 'react';
import { ackOneApiRef } from '../../api';

/** Pause after the last change before the checks are asked for. */
export const CHECK_DEBOUNCE_MS = 400;

/**
 * The checks record nothing and do not depend on the reason, so they are
 * asked for with this one while the user is still writing theirs.
 */
export const CHECK_REASON = 'Safety check before requesting a failover';

export interface SafetyChecksState {
  /** The result of the latest answered input (may be of an older input while `checking`). */
  value?: FailoverCheckResult;
  error?: Error;
  /** True while the current input has no answer yet. */
  checking: boolean;
}

/**
 * Evaluates the safety checks of a planned shift whenever it changes,
 * once the user paused for {@link CHECK_DEBOUNCE_MS}. Answers to inputs
 * that changed meanwhile are dropped.
 */
export function useSafetyChecks(
  input: Omit<FailoverRequestInput, 'reason'> | undefined,
  debounceMs: number = CHECK_DEBOUNCE_MS,
): SafetyChecksState {
  const api = useApi(ackOneApiRef);
  const key = input ? JSON.stringify(input) : '';
  const [state, setState] = useState<{
    key: string;
    value?: FailoverCheckResult;
    error?: Error;
  }>({ key: '' });

  useEffect(() => {
    if (!key) return undefined;
    let stopped = false;
    const timer = setTimeout(async () => {
      const body = { ...JSON.parse(key), reason: CHECK_REASON };
      try {
        const value = await api.checkFailover(body);
        if (!stopped) setState({ key, value });
      } catch (e) {
        if (!stopped)
          setState({
            key,
            error: e instanceof Error ? e : new Error(String(e)),
          });
      }
    }, debounceMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, key, debounceMs]);

  if (!key) return { checking: false };
  return {
    value: state.value,
    error: state.key === key ? state.error : undefined,
    checking: state.key !== key,
  };
}
