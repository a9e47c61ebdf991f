import { z } from 'zod';
import { zId } from '../../../platform/validation.ts';

export const ZHubQuery = z.object({ org: zId });
export type THubQuery = z.infer<typeof ZHubQuery>;
