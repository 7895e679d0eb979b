import { writable } from 'svelte/store';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  action?: { label: string; run: () => void };
}

const { subscribe, update } = writable<Toast[]>([]);
let next = 1;

function dismiss(id: number): void {
  update((list) => list.filter((t) => t.id !== id));
}

function show(kind: Toast['kind'], message: string, action?: Toast['action']): number {
  const id = next++;
  update((list) => [...list.slice(-3), { id, kind, message, action }]);
  setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 5000);
  return id;
}

export const toasts = {
  subscribe,
  dismiss,
  info: (message: string, action?: Toast['action']) => show('info', message, action),
  error: (message: string) => show('error', message),
};
