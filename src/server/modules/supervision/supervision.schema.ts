/** The supervision request schemas, one file per sub-module; re-exported here for older importers. */
export * from './teams/teams.schema.ts';
export * from './checklists/checklists.schema.ts';
export * from './materials/materials.schema.ts';
export * from './forms/forms.schema.ts';
export * from './lookback/lookback.schema.ts';
export * from './inspections/inspections.schema.ts';
