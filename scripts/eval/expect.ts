/** The shape of a corpus pair's `expect.json` (see ../shared/corpus/EXPECT-FORMAT.md). */
export interface ExpectedColumn {
  name: string;
  aka?: string[];
  family: string;
  nullable: boolean;
  unique: boolean;
  evidence?: string;
}

export interface ExpectedTable {
  name: string;
  aka?: string[];
  entity: string;
  kind: 'entity' | 'join' | 'line' | 'implied';
  columns: ExpectedColumn[];
}

export interface ExpectedForeignKey {
  table: string;
  column: string;
  aka?: string[];
  references: string;
  nullable: boolean;
}

export interface Expectation {
  pair: string;
  stack?: string;
  tables: ExpectedTable[];
  foreign_keys?: ExpectedForeignKey[];
  unique_together?: { table: string; columns: string[] }[];
  enums?: { table: string; column: string; values: string[] }[];
  checks?: { table: string; what: string }[];
  not_tables?: { entity: string; why: string }[];
  roles?: string[];
  notes?: string;
}
