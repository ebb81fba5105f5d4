/**
 * What the draft pipeline needs of a language model: one request, the messages in, the text
 * out. VS Code's `LanguageModelChat` (vscode.lm.selectChatModels) is adapted to this in the
 * client; the tests give scripted models. Nothing here knows where the model runs.
 */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatModel {
  /** Shown to the user: "Draft with <name>". */
  readonly name: string;
  /** The model's whole answer. Throws on refusal, quota or permission errors (the pipeline falls back). */
  send(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<string>;
}
