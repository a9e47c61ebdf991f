import { z } from 'zod';
import { zId } from '../../zod.ts';

export const ZHubQuery = z.object({ org: zId });
export type THubQuery = z.infer<typeof ZHubQuery>;
