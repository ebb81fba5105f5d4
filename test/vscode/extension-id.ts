// The extension under test, as VS Code names it: `publisher.name` from package.json.
export const EXTENSION_ID = 'data-model.data-model-vscode';
