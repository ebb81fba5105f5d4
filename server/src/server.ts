/**
 * The language server: LSP wiring only. Each request is answered by a pure function from the
 * server's modules; nothing here knows about Markdown or SQL.
 */
import {
  createConnection,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateDocument } from './api/generate-document';
import {
  GenerateRequestMethod,
  SpecTitleRequestMethod,
  type GenerateParams,
  type GenerateResponse,
  type SpecTitleParams,
  type SpecTitleResponse,
} from './api/protocol';
import { specTitle } from './generate';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(
  (): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'Data Model language server' },
  }),
);

/** Turns an unexpected exception into an LSP error the client can show, never a crash. */
function guarded<P, R>(what: string, handler: (params: P) => R | Promise<R>) {
  return async (params: P): Promise<R | ResponseError<void>> => {
    try {
      return await handler(params);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`${what} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return new ResponseError(ErrorCodes.InternalError, `${what} failed: ${message}`);
    }
  };
}

connection.onRequest(
  GenerateRequestMethod,
  guarded<GenerateParams, GenerateResponse>('Generating the data model', generateDocument),
);

connection.onRequest(
  SpecTitleRequestMethod,
  guarded<SpecTitleParams, SpecTitleResponse>('Reading the spec title', (params) => ({
    title: specTitle(params.specText),
  })),
);

documents.listen(connection);
connection.listen();
