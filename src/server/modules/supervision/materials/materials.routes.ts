import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../../platform/http.ts';
import type { MaterialService } from './materials.service.ts';
import * as S from '../../../../shared/schemas/supervision/materials.ts';

/** Material review (审核把关). */
export function materialRoutes(app: FastifyInstance, materials: MaterialService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/materials`,
    summary:
      "Materials of an org's subtree, filtered, keyset-paged (after=; Page<MaterialView>); toReview=true: what waits for the actor's review",
    tags,
    query: S.ZMaterialQuery,
    handler: async ({ actor, query }) => materials.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials`,
    summary: 'Start a material (version 1) to be reviewed by the unit’s main leader and/or the supervision team',
    tags,
    body: S.ZCreateMaterial,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return materials.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/materials/:id`,
    summary: 'A material: latest body, versions, reviews, and the reviewer’s baseline for a diff',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => materials.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/draft`,
    summary: 'Save a new version on top of baseVersion (409 VERSION_CONFLICT if another save came first)',
    tags,
    params: ZIdParams,
    body: S.ZSaveDraft,
    handler: async ({ actor, params, body }) => materials.saveDraft(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/submit`,
    summary: 'Submit the latest version for review',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => materials.submit(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/reviews`,
    summary: 'Review the version under review criterion by criterion; any fail returns it',
    tags,
    params: ZIdParams,
    body: S.ZReview,
    handler: async ({ actor, params, body }) => materials.review(actor, params.id, body),
  });
  route(app, {
    method: 'GET',
    url: `${P}/materials/:id/versions/:version`,
    summary: 'One version of a material',
    tags,
    params: S.ZVersionParams,
    handler: async ({ actor, params }) => materials.version(actor, params.id, params.version),
  });
}
