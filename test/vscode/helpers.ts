// Helpers for driving VS Code as a user would, with a time limit on every wait: a test that
// waits for something that never happens must fail with a message saying what it waited for.
import * as vscode from 'vscode';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something other than undefined/false; throws after `timeoutMs`.
 * `what` may be a function, called when the wait fails, so its message can say what the state
 * was then (not when the wait began).
 */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 300,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error; // keep polling: the thing may not exist yet
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${typeof what === 'function' ? what() : what}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects with a clear message when `promise` does not settle within `timeoutMs`. */
export async function within<T>(what: string, promise: Thenable<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs / 1000} s: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a command that asks questions (quick pick, input box) the way a user answers them: by
 * pressing Enter on the selected item / prefilled value. The API cannot tell whether a quick
 * input is open, so Enter ("workbench.action.acceptSelectedQuickOpenItem", a no-op when nothing
 * is open) is pressed every 300 ms until `done` holds. Then the command itself must finish.
 */
export async function runCommandAnswering(
  command: string,
  args: unknown[],
  what: string,
  done: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  // Not awaited yet: the command waits for the answers that the loop below gives.
  let commandError: unknown;
  let commandFinished = false;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).then(
    () => {
      commandFinished = true;
    },
    (error: unknown) => {
      commandFinished = true;
      commandError = error;
    },
  );
  const deadline = Date.now() + timeoutMs;
  let finishedAt: number | undefined;
  while (!(await done())) {
    if (commandError !== undefined) throw commandError;
    // The command resolves only after writing or showing its result, so once it has finished
    // a short grace is enough; waiting out the full limit would only slow down a failure.
    if (commandFinished) {
      finishedAt ??= Date.now();
      if (Date.now() - finishedAt > 3000) {
        throw new Error(
          `${command} finished without ${what} (an error notification probably says why: see the screenshot)`,
        );
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for ${what} after running ${command} (it is still running)`,
      );
    }
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await sleep(300);
  }
  await within(`${command} did not finish after ${what}`, running, 30_000);
  if (commandError !== undefined) throw commandError;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function deleteIfExists(uri: vscode.Uri): Promise<void> {
  if (await exists(uri)) await vscode.workspace.fs.delete(uri, { recursive: true });
}

/** Every diff tab whose right-hand side has the given scheme. */
export function diffTabsWithModifiedScheme(scheme: string): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => tab.input)
    .filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === scheme);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('all editors to close', () => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0), 10_000);
}
