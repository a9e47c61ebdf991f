import type { FastifyInstance } from 'fastify';
import type { ChecklistService } from './checklists/checklists.service.ts';
import { checklistRoutes } from './checklists/checklists.routes.ts';
import { hubRoutes } from './hub/hub.routes.ts';
import type { HubService } from './hub/hub.service.ts';
import { formRoutes } from './forms/forms.routes.ts';
import type { FormService } from './forms/forms.service.ts';
import { inspectionRoutes } from './inspections/inspections.routes.ts';
import type { InspectionService } from './inspections/inspections.service.ts';
import { lookbackRoutes } from './lookback/lookback.routes.ts';
import type { LookbackService } from './lookback/lookback.service.ts';
import { materialRoutes } from './materials/materials.routes.ts';
import type { MaterialService } from './materials/materials.service.ts';
import { teamRoutes } from './teams/teams.routes.ts';
import type { TeamService } from './teams/teams.service.ts';

export interface SupervisionServices {
  teams: TeamService;
  /** The checklist service; the team service's when left out. */
  checklists?: ChecklistService;
  /** The hub's abilities; the team service's when left out. */
  hub?: HubService;
  materials: MaterialService;
  forms: FormService;
  lookbacks: LookbackService;
  inspections: InspectionService;
}

/**
 * Supervision: the hub's abilities, teams and visits, checklists, material review, the five forms, look back,
 * inspections — each sub-module registers its own routes under /api/supervision.
 */
export function supervisionRoutes(app: FastifyInstance, s: SupervisionServices): void {
  const tags = ['supervision'];
  const P = '/api/supervision';
  hubRoutes(app, s.hub ?? s.teams.hub, P, tags);
  teamRoutes(app, s.teams, P, tags);
  checklistRoutes(app, s.checklists ?? s.teams.checklists, P, tags);
  materialRoutes(app, s.materials, P, tags);
  formRoutes(app, s.forms, P, tags);
  lookbackRoutes(app, s.lookbacks, P, tags);
  inspectionRoutes(app, s.inspections, P, tags);
}
