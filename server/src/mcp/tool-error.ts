/** A failure of a tool call the model can act on (bad input, a path refused): its message is the whole tool result. */
export class ToolInputError extends Error {}
