import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import { ZCreatePost, ZEndPost, ZListPosts } from '../../../shared/schemas/posts.ts';
import type { PostService } from './posts.service.ts';

export function postRoutes(app: FastifyInstance, posts: PostService): void {
  const tags = ['posts'];
  route(app, {
    method: 'GET',
    url: '/api/posts',
    summary: "An org's leading body on a date (today by default), or its whole history",
    tags,
    query: ZListPosts,
    handler: async ({ actor, query }) => posts.body(actor, query),
  });
  route(app, {
    method: 'POST',
    url: '/api/posts',
    summary: 'A member (or a person from outside the tree) takes a post from a date',
    tags,
    body: ZCreatePost,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return posts.create(actor, body);
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/posts/:id/end',
    summary: 'A post ends on a date (the row stays: history answers who held it when)',
    tags,
    params: ZIdParams,
    body: ZEndPost,
    handler: async ({ actor, params, body }) => posts.end(actor, params.id, body),
  });
}
